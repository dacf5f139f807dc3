import { AttributeLimiter } from './AttributeLimiter.js'
import { idHex } from './idHex.js'
import { int64 } from './int64.js'
import type { OtlpLimits } from './limits.js'
import type { SpanMsg, TraceRequestMsg } from './otlpMessages.js'
import { Rejections } from './Rejections.js'
import type { Decoded, SpanEventRow, SpanKindName, SpanLinkRow, SpanRow, StatusCodeName } from './rows.js'
import { resourceContext, type ScopeContext, withScope } from './scopeContext.js'

/** `Span.SpanKind` values, by number. */
export const spanKindNames: readonly SpanKindName[] = [
  'Unspecified',
  'Internal',
  'Server',
  'Client',
  'Producer',
  'Consumer',
]
/** `Status.StatusCode` values, by number. */
export const statusCodeNames: readonly StatusCodeName[] = ['Unset', 'Ok', 'Error']

const ZERO_TRACE_ID = '0'.repeat(32)
const ZERO_SPAN_ID = '0'.repeat(16)

/** A valid span, or the reason to reject it. */
const spanRow = (span: SpanMsg, ctx: ScopeContext, limiter: AttributeLimiter): SpanRow | string => {
  const traceId = idHex(span.traceId)
  const spanId = idHex(span.spanId)
  if (spanId.length !== 16 || spanId === ZERO_SPAN_ID) {
    return `span "${span.name ?? ''}" in trace ${traceId || '(none)'}: invalid span id "${spanId}" (must be 8 bytes, not all zero)`
  }
  if (traceId.length !== 32 || traceId === ZERO_TRACE_ID) {
    return `span ${spanId}: invalid trace id "${traceId}" (must be 16 bytes, not all zero)`
  }
  const spanAttributes = limiter.attributes(span.attributes)
  if (spanAttributes === null) return `span ${spanId}: ${limiter.problem}`

  const eventMsgs = span.events
  const events: SpanEventRow[] = new Array(eventMsgs.length)
  for (let i = 0; i < eventMsgs.length; i++) {
    const event = eventMsgs[i]!
    const attributes = limiter.attributes(event.attributes)
    if (attributes === null) return `span ${spanId}: event ${i}: ${limiter.problem}`
    events[i] = {
      timestamp: int64(event.timeUnixNano),
      name: event.name ?? '',
      attributes,
      droppedAttributesCount: event.droppedAttributesCount ?? 0,
    }
  }
  const linkMsgs = span.links
  const links: SpanLinkRow[] = new Array(linkMsgs.length)
  for (let i = 0; i < linkMsgs.length; i++) {
    const link = linkMsgs[i]!
    const attributes = limiter.attributes(link.attributes)
    if (attributes === null) return `span ${spanId}: link ${i}: ${limiter.problem}`
    links[i] = {
      traceId: idHex(link.traceId),
      spanId: idHex(link.spanId),
      traceState: link.traceState ?? '',
      attributes,
      droppedAttributesCount: link.droppedAttributesCount ?? 0,
      flags: link.flags ?? 0,
    }
  }

  const parentSpanId = idHex(span.parentSpanId)
  const start = int64(span.startTimeUnixNano)
  const end = int64(span.endTimeUnixNano)
  const status = span.status
  return {
    timestamp: start,
    traceId,
    spanId,
    parentSpanId: parentSpanId === ZERO_SPAN_ID ? '' : parentSpanId,
    traceState: span.traceState ?? '',
    flags: span.flags ?? 0,
    spanName: span.name ?? '',
    spanKind: spanKindNames[span.kind ?? 0] ?? 'Unspecified',
    serviceName: ctx.serviceName,
    resourceAttributes: ctx.resourceAttributes,
    resourceSchemaUrl: ctx.resourceSchemaUrl,
    scopeName: ctx.scopeName,
    scopeVersion: ctx.scopeVersion,
    scopeAttributes: ctx.scopeAttributes,
    spanAttributes,
    duration: end > start ? end - start : 0n,
    statusCode: statusCodeNames[status?.code ?? 0] ?? 'Unset',
    statusMessage: status?.message ?? '',
    events,
    links,
    droppedAttributesCount: span.droppedAttributesCount ?? 0,
    droppedEventsCount: span.droppedEventsCount ?? 0,
    droppedLinksCount: span.droppedLinksCount ?? 0,
  }
}

/**
 * Span rows from decoded request objects: the reference path. The JSON decoder produces these
 * objects, and so does the generated protobuf decoder, which serves as the fallback for the few
 * protobuf requests the streaming reader (readSpanRows.ts) leaves alone and as the reference it is
 * tested against.
 */
export const spanRowsFromMessages = (request: TraceRequestMsg, limits: OtlpLimits): Decoded<SpanRow> => {
  const limiter = new AttributeLimiter(limits)
  const rejections = new Rejections()
  const rows: SpanRow[] = []
  for (const resourceSpans of request.resourceSpans) {
    const resource = resourceContext(resourceSpans.resource, resourceSpans.schemaUrl, limiter)
    for (const scopeSpans of resourceSpans.scopeSpans) {
      const ctx = withScope(resource, scopeSpans.scope, limiter)
      const spans = scopeSpans.spans
      if (ctx.problem) {
        rejections.add(spans.length, ctx.problem)
        continue
      }
      for (let i = 0; i < spans.length; i++) {
        const row = spanRow(spans[i]!, ctx, limiter)
        if (typeof row === 'string') rejections.add(1, row)
        else rows.push(row)
      }
    }
  }
  return { rows, rejected: rejections.count, errorMessage: rejections.message }
}
