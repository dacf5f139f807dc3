import type { Context } from '@opentelemetry/api'
import { hrTimeDuration, millisToHrTime } from '@opentelemetry/core'
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base'

const REQUESTS = ['@opentelemetry/instrumentation-fetch', '@opentelemetry/instrumentation-xml-http-request']
const STATUS = 'http.response.status_code'

interface Response {
  /** Epoch ms the response completed, the end time the instrumentation itself will give the span. */
  at: number
  status: number
}

/**
 * Lets a page that is leaving export the request spans it already has an answer for. The fetch
 * and XHR instrumentations end a span only about 300 ms after its response, once the resource
 * timing entry has arrived; a user who leaves within that window (a "Pay" click followed by the
 * confirmation page) would lose the browser span of that request. This processor sits in front
 * of the export chain, keeps the request spans that started and have not ended, learns their
 * response time from the instrumentations' `applyCustomAttributesOnSpan` hook
 * ({@link responded}), and on {@link exportResponded} hands the exporter an ended copy of each
 * answered one, stopped at its response time. The live span is left to the instrumentation,
 * which still ends it once; that later end is not exported again, so a span is exported once.
 */
export class PendingRequests implements SpanProcessor {
  private readonly open = new Map<object, Response | undefined>()
  private readonly exported = new WeakSet<object>()

  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    if (REQUESTS.includes(span.instrumentationScope.name)) this.open.set(span, undefined)
    this.next.onStart(span, parentContext)
  }

  onEnd(span: ReadableSpan): void {
    this.open.delete(span)
    if (this.exported.has(span)) return
    this.next.onEnd(span)
  }

  /** The instrumentations' hook: `span` got its response (status 0 when the request failed). */
  responded(span: object, status: number): void {
    if (this.open.has(span)) this.open.set(span, { at: Date.now(), status })
  }

  /** Exports an ended copy of every open request span that has its response. */
  exportResponded(): void {
    for (const [span, response] of this.open) {
      if (!response) continue
      this.open.delete(span)
      this.exported.add(span)
      this.next.onEnd(endedCopy(span as Span, response))
    }
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush()
  }

  shutdown(): Promise<void> {
    this.open.clear()
    return this.next.shutdown()
  }
}

const endedCopy = (span: Span, response: Response): ReadableSpan => {
  const end = millisToHrTime(response.at)
  const duration = hrTimeDuration(span.startTime, end)
  const negative = duration[0] < 0 || duration[1] < 0
  // the XHR instrumentation adds the status code only when it ends the span
  const attributes =
    span.attributes[STATUS] === undefined &&
    span.attributes['http.status_code'] === undefined &&
    response.status
      ? { ...span.attributes, [STATUS]: response.status }
      : { ...span.attributes }
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: negative ? span.startTime : end,
    duration: negative ? [0, 0] : duration,
    status: { ...span.status },
    attributes,
    links: [...span.links],
    events: [...span.events],
    ended: true,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  }
}
