import { jsonKeyValues, jsonResource, jsonScope } from './jsonCommon.js'
import {
  asJsonObject,
  jsonArray,
  jsonEnum,
  jsonId,
  jsonInt64,
  jsonObject,
  jsonString,
  jsonUint32,
} from './jsonFields.js'
import type { EventMsg, LinkMsg, SpanMsg, TraceRequestMsg } from './otlpMessages.js'
import type { JsonObject } from './parseOtlpJson.js'

/** proto3 JSON names of `Span.SpanKind`, by number. */
export const SPAN_KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const
/** proto3 JSON names of `Status.StatusCode`, by number. */
export const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const

const jsonEvent = (value: unknown): EventMsg => {
  const o = asJsonObject(value, 'a span event')
  return {
    timeUnixNano: jsonInt64(o, 'timeUnixNano', 'time_unix_nano'),
    name: jsonString(o, 'name'),
    attributes: jsonKeyValues(o, 'attributes'),
    droppedAttributesCount: jsonUint32(o, 'droppedAttributesCount', 'dropped_attributes_count'),
  }
}

const jsonLink = (value: unknown): LinkMsg => {
  const o = asJsonObject(value, 'a span link')
  return {
    traceId: jsonId(o, 'traceId', 'trace_id'),
    spanId: jsonId(o, 'spanId', 'span_id'),
    traceState: jsonString(o, 'traceState', 'trace_state'),
    attributes: jsonKeyValues(o, 'attributes'),
    droppedAttributesCount: jsonUint32(o, 'droppedAttributesCount', 'dropped_attributes_count'),
    flags: jsonUint32(o, 'flags'),
  }
}

const jsonSpan = (value: unknown): SpanMsg => {
  const o = asJsonObject(value, 'a span')
  const status = jsonObject(o, 'status')
  return {
    traceId: jsonId(o, 'traceId', 'trace_id'),
    spanId: jsonId(o, 'spanId', 'span_id'),
    traceState: jsonString(o, 'traceState', 'trace_state'),
    parentSpanId: jsonId(o, 'parentSpanId', 'parent_span_id'),
    flags: jsonUint32(o, 'flags'),
    name: jsonString(o, 'name'),
    kind: jsonEnum(o, 'kind', 'kind', SPAN_KIND_NAMES),
    startTimeUnixNano: jsonInt64(o, 'startTimeUnixNano', 'start_time_unix_nano'),
    endTimeUnixNano: jsonInt64(o, 'endTimeUnixNano', 'end_time_unix_nano'),
    attributes: jsonKeyValues(o, 'attributes'),
    droppedAttributesCount: jsonUint32(o, 'droppedAttributesCount', 'dropped_attributes_count'),
    events: jsonArray(o, 'events').map(jsonEvent),
    droppedEventsCount: jsonUint32(o, 'droppedEventsCount', 'dropped_events_count'),
    links: jsonArray(o, 'links').map(jsonLink),
    droppedLinksCount: jsonUint32(o, 'droppedLinksCount', 'dropped_links_count'),
    status: status
      ? { message: jsonString(status, 'message'), code: jsonEnum(status, 'code', 'code', STATUS_CODE_NAMES) }
      : null,
  }
}

/** An OTLP/JSON `ExportTraceServiceRequest` in the decoded shape. */
export const jsonTraceRequest = (root: JsonObject): TraceRequestMsg => ({
  resourceSpans: jsonArray(root, 'resourceSpans', 'resource_spans').map((value) => {
    const o = asJsonObject(value, 'a ResourceSpans')
    return {
      resource: jsonResource(o),
      schemaUrl: jsonString(o, 'schemaUrl', 'schema_url'),
      scopeSpans: jsonArray(o, 'scopeSpans', 'scope_spans').map((scopeValue) => {
        const scopeSpans = asJsonObject(scopeValue, 'a ScopeSpans')
        return { scope: jsonScope(scopeSpans), spans: jsonArray(scopeSpans, 'spans').map(jsonSpan) }
      }),
    }
  }),
})
