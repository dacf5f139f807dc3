import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation'
import { DocumentLoadInstrumentation } from '@opentelemetry/instrumentation-document-load'
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch'
import { XMLHttpRequestInstrumentation } from '@opentelemetry/instrumentation-xml-http-request'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BatchSpanProcessor, WebTracerProvider } from '@opentelemetry/sdk-trace-web'
import { getContext, linkTraces } from '../api.js'
import { logger } from '../logger.js'
import { sdkInfo } from '../sdkInfo.js'
import { originMatcher } from './originMatcher.js'
import { PendingRequests } from './PendingRequests.js'
import { TraceRecorder } from './TraceRecorder.js'
import { makeTracingConfig, type TracingConfig } from './TracingConfig.js'
import { VigilBaggagePropagator } from './VigilBaggagePropagator.js'
import { VigilSpanProcessor } from './VigilSpanProcessor.js'

/** The running tracing entry. */
export interface Tracing {
  /** Exports the spans ended so far. */
  flush(): Promise<void>
  /** Removes the instrumentations and exports what is left. */
  shutdown(): Promise<void>
}

const idle: Tracing = { flush: async () => {}, shutdown: async () => {} }
let running: Tracing | undefined

const start = (config: TracingConfig): Tracing => {
  const cfg = makeTracingConfig(config, location.href)
  const exporter = new OTLPTraceExporter({
    url: cfg.tracesUrl,
    headers: cfg.key ? { 'x-vigil-key': cfg.key } : {},
  })
  const endpoint = cfg.tracesUrl.slice(0, -'/v1/traces'.length)
  // neither our span exports nor the core entry's RUM batches may be traced (no self-observation)
  const ignoreUrls = [cfg.tracesUrl, `${endpoint}/rum/v1/events`]
  const recorder = new TraceRecorder()
  // we flush at hide ourselves, after the answered request spans were handed over
  const pending = new PendingRequests(
    new VigilSpanProcessor(
      getContext,
      new BatchSpanProcessor(exporter, { scheduledDelayMillis: 2000, disableAutoFlushOnDocumentHide: true }),
      ignoreUrls,
    ),
  )
  const provider = new WebTracerProvider({
    resource: resourceFromAttributes({
      'service.name': cfg.service,
      ...(cfg.release ? { 'service.version': cfg.release } : {}),
      ...(cfg.environment ? { 'deployment.environment': cfg.environment } : {}),
      'telemetry.distro.name': sdkInfo.name,
      'telemetry.distro.version': sdkInfo.version,
    }),
    spanProcessors: [recorder, pending],
  })
  provider.register({
    propagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new VigilBaggagePropagator(getContext)],
    }),
  })
  const propagateTraceHeaderCorsUrls = originMatcher(cfg.propagateTo)
  const instrumentations: Instrumentation[] = [
    new FetchInstrumentation({
      ignoreUrls,
      propagateTraceHeaderCorsUrls,
      applyCustomAttributesOnSpan: (span, _request, result) => pending.responded(span, result.status ?? 0),
    }),
    new XMLHttpRequestInstrumentation({
      ignoreUrls,
      propagateTraceHeaderCorsUrls,
      applyCustomAttributesOnSpan: (span, xhr) => pending.responded(span, xhr.status),
    }),
  ]
  if (cfg.documentLoad) instrumentations.push(new DocumentLoadInstrumentation())
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations })
  linkTraces(recorder.link)
  // A leaving user must not take the spans of requests already answered with them: the
  // instrumentations end those only ~300 ms after the response (see PendingRequests).
  const hide = () => {
    try {
      pending.exportResponded()
      void provider.forceFlush()
    } catch (e) {
      logger.warn('tracing flush at hide failed', e)
    }
  }
  const onVisibility = () => document.visibilityState === 'hidden' && hide()
  document.addEventListener('visibilitychange', onVisibility)
  addEventListener('pagehide', hide)
  return {
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      document.removeEventListener('visibilitychange', onVisibility)
      removeEventListener('pagehide', hide)
      unregister()
      linkTraces(undefined)
      await provider.shutdown()
      running = undefined
    },
  }
}

/**
 * Starts distributed tracing: document load, `fetch` and XHR spans exported over OTLP/HTTP to
 * `{endpoint}/v1/traces`, each stamped with `session.id` and the current journey and step, and
 * `traceparent` + `baggage` on requests to the page's origin and to `propagateTo`. Load this entry
 * on demand after `init` (`import('@vigil/sdk-browser/tracing')`). Spans are exported only while
 * the core SDK has consent. Never throws; a second call returns the running instance.
 */
export const startTracing = (config: TracingConfig): Tracing => {
  if (running) return running
  try {
    running = start(config)
    return running
  } catch (e) {
    logger.warn('tracing did not start', e)
    return idle
  }
}
