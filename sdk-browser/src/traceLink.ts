/** Ids of one span, lowercase hex as in W3C `traceparent`. */
export interface TraceIds {
  traceId: string
  spanId: string
}

/**
 * What the tracing entry tells the core about its traces, so that RUM events can name theirs.
 * Registered with `linkTraces`; the core asks it when it completes a page view or an action.
 */
export interface TraceLink {
  /** The root span of the document load's trace, once recorded. */
  documentLoad(): TraceIds | undefined
  /** The first request span that started between `from` and `to` (epoch ms), else the active span. */
  requestIn(from: number, to: number): TraceIds | undefined
}

const TRACE_ID = /^(?!0+$)[0-9a-f]{32}$/
const SPAN_ID = /^(?!0+$)[0-9a-f]{16}$/

/** The ids to spread into an event: both when well formed (the protocol's rule), else none. */
export const traceFields = (ids: TraceIds | undefined): Partial<TraceIds> =>
  ids && TRACE_ID.test(ids.traceId) && SPAN_ID.test(ids.spanId)
    ? { traceId: ids.traceId, spanId: ids.spanId }
    : {}
