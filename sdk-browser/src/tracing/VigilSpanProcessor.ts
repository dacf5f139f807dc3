import type { Context } from '@opentelemetry/api'
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base'
import type { VigilContext } from '../hub.js'
import { BaggageKeys, baggageFromContext } from './baggageFromContext.js'

/**
 * Stamps `session.id`, `journey.name` and `journey.step` on every span when it starts, and passes
 * to the next processor (the exporter's) only spans that started with a session. The core SDK
 * reports a session only once `init` ran and consent is granted, so no span leaves the page
 * before consent, exactly like RUM events. Spans of the SDK's own requests (`ownUrls`) are dropped
 * too: the fetch and XHR instrumentations skip them, but the document-load instrumentation makes a
 * span of every resource timing entry, and a RUM batch sent before it ran is one.
 */
export class VigilSpanProcessor implements SpanProcessor {
  constructor(
    private readonly current: () => VigilContext,
    private readonly next: SpanProcessor,
    private readonly ownUrls: readonly string[] = [],
  ) {}

  onStart(span: Span, parentContext: Context): void {
    span.setAttributes(baggageFromContext(this.current()))
    this.next.onStart(span, parentContext)
  }

  onEnd(span: ReadableSpan): void {
    if (span.attributes[BaggageKeys.sessionId] === undefined) return
    const url = span.attributes['url.full'] ?? span.attributes['http.url']
    if (typeof url === 'string' && this.ownUrls.some((own) => url.startsWith(own))) return
    this.next.onEnd(span)
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush()
  }

  shutdown(): Promise<void> {
    return this.next.shutdown()
  }
}
