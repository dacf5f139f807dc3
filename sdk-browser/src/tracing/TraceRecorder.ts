import { type Context, isSpanContextValid, trace } from '@opentelemetry/api'
import { hrTimeToMilliseconds } from '@opentelemetry/core'
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base'
import type { TraceIds, TraceLink } from '../traceLink.js'

const DOCUMENT_LOAD = '@opentelemetry/instrumentation-document-load'
const REQUESTS = ['@opentelemetry/instrumentation-fetch', '@opentelemetry/instrumentation-xml-http-request']
/** Request spans remembered; an action asks about the last few seconds only. */
const KEEP = 50

/**
 * Remembers the document load's root span and the latest request spans as they start, and answers
 * the core's {@link TraceLink} questions from them, so page views and actions name their traces.
 */
export class TraceRecorder implements SpanProcessor {
  private load: TraceIds | undefined
  private readonly requests: { at: number; ids: TraceIds }[] = []

  onStart(span: Span, _parent: Context): void {
    const scope = span.instrumentationScope.name
    const { traceId, spanId } = span.spanContext()
    if (scope === DOCUMENT_LOAD && !span.parentSpanContext) this.load = { traceId, spanId }
    else if (REQUESTS.includes(scope)) {
      this.requests.push({ at: hrTimeToMilliseconds(span.startTime), ids: { traceId, spanId } })
      if (this.requests.length > KEEP) this.requests.shift()
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve()
  }

  shutdown(): Promise<void> {
    return Promise.resolve()
  }

  /** The answers the core asks for. */
  readonly link: TraceLink = {
    documentLoad: () => this.load,
    requestIn: (from, to) => {
      const hit = this.requests.find((r) => r.at >= from && r.at <= to)
      if (hit) return hit.ids
      const active = trace.getActiveSpan()?.spanContext()
      return active && isSpanContextValid(active)
        ? { traceId: active.traceId, spanId: active.spanId }
        : undefined
    },
  }
}
