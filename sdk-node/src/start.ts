import { diag, metrics } from '@opentelemetry/api'
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core'
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto'
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs'
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { NodeSDK } from '@opentelemetry/sdk-node'
import { BaggageSpanProcessor } from './BaggageSpanProcessor.js'
import { BoundedBatchSpanProcessor, type SpanExportStats } from './BoundedBatchSpanProcessor.js'
import { hostMetrics } from './hostMetrics.js'
import { instrumentations } from './instrumentations.js'
import { makeConfig, type VigilNodeConfig, type VigilNodeOptions } from './makeConfig.js'
import { resource } from './resource.js'

/** A running SDK. */
export interface VigilNode {
  /** The configuration it runs with. */
  readonly config: VigilNodeConfig
  /** Exports what is queued and stops; bounded by `shutdownTimeoutMillis`, never rejects, idempotent. */
  shutdown(): Promise<void>
  /** Exports the queued spans and current metrics now; bounded like `shutdown()`, never rejects. */
  forceFlush(): Promise<void>
  /** Spans lost so far: dropped while the budget was full plus those whose export failed. */
  droppedSpans(): number
  /** The detailed span counters. */
  spanStats(): SpanExportStats
}

/** Instrumentation scope of the SDK's own metrics. */
export const SdkMeterScope = '@vigil/sdk-node'

const bounded = async (work: Promise<unknown>, millis: number, what: string): Promise<void> => {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      diag.warn(`Vigil SDK: ${what} gave up after ${millis} ms`)
      resolve()
    }, millis)
    timer.unref()
  })
  try {
    await Promise.race([work.then(() => undefined), expired])
  } catch (error) {
    diag.warn(`Vigil SDK: ${what} failed`, error)
  } finally {
    clearTimeout(timer)
  }
}

const noop = (config: VigilNodeConfig): VigilNode => ({
  config,
  shutdown: () => Promise.resolve(),
  forceFlush: () => Promise.resolve(),
  droppedSpans: () => 0,
  spanStats: () => ({ exported: 0, queueFull: 0, exportFailed: 0, pending: 0 }),
})

/**
 * Starts tracing (http, undici/fetch, Express, Fastify), runtime and host metrics, and optionally logs, exporting
 * OTLP/HTTP protobuf to the Vigil collector. Call it before the app loads the modules to instrument (or use
 * `node --import @vigil/sdk-node/register`). Throws only on invalid options.
 */
export const start = (options: VigilNodeOptions = {}): VigilNode => {
  const config = makeConfig(options)
  if (config.disabled) return noop(config)

  const headers: Record<string, string> = config.key ? { Authorization: `Bearer ${config.key}` } : {}
  const exporterOptions = (path: string, concurrencyLimit: number) => ({
    url: `${config.endpoint}${path}`,
    headers,
    timeoutMillis: config.exportTimeoutMillis,
    concurrencyLimit,
  })
  const spans = new BoundedBatchSpanProcessor(new OTLPTraceExporter(exporterOptions('/v1/traces', 4)), config)
  const metricReader = new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter(exporterOptions('/v1/metrics', 2)),
    exportIntervalMillis: config.metricIntervalMillis,
    // The reader requires timeout <= interval; a shorter wait is fine because the exporter bounds its own requests.
    exportTimeoutMillis: Math.min(config.exportTimeoutMillis + 1000, config.metricIntervalMillis),
  })
  const logRecordProcessors = config.logs
    ? [
        new BatchLogRecordProcessor({
          exporter: new OTLPLogExporter(exporterOptions('/v1/logs', 2)),
          maxQueueSize: config.maxQueueSize,
          maxExportBatchSize: config.maxExportBatchSize,
          exportTimeoutMillis: config.exportTimeoutMillis + 1000,
        }),
      ]
    : // An explicit empty list: otherwise NodeSDK would build an OTLP log exporter from OTEL_* variables.
      []

  const sdk = new NodeSDK({
    resource: resource(config),
    autoDetectResources: false,
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    spanProcessors: [new BaggageSpanProcessor(), spans],
    metricReaders: [metricReader],
    logRecordProcessors,
    instrumentations: instrumentations(config),
  })
  sdk.start()

  const meterProvider = metrics.getMeterProvider()
  if (config.hostMetrics) hostMetrics(meterProvider)
  meterProvider
    .getMeter(SdkMeterScope)
    .createObservableCounter('vigil.sdk.span.dropped', {
      unit: '{span}',
      description: 'Spans the SDK lost because the collector was down, slow or refused them',
    })
    .addCallback((result) => {
      const stats = spans.stats()
      result.observe(stats.queueFull, { 'error.type': 'queue_full' })
      result.observe(stats.exportFailed, { 'error.type': 'export_failed' })
    })

  let stopping: Promise<void> | undefined
  return {
    config,
    shutdown: () => {
      stopping ??= bounded(sdk.shutdown(), config.shutdownTimeoutMillis, 'shutdown')
      return stopping
    },
    forceFlush: () =>
      bounded(
        Promise.all([spans.forceFlush(), metricReader.forceFlush()]),
        config.shutdownTimeoutMillis,
        'flush',
      ),
    droppedSpans: () => {
      const stats = spans.stats()
      return stats.queueFull + stats.exportFailed
    },
    spanStats: () => spans.stats(),
  }
}
