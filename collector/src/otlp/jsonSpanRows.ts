import { AttributeLimiter } from './AttributeLimiter.js'
import { doubleJson, MAX_VALUE_NESTING } from './anyValueJson.js'
import { jsonResource, jsonScope } from './jsonCommon.js'
import {
  asJsonObject,
  jsonArray,
  jsonBase64,
  jsonBool,
  jsonDoubleValue,
  jsonEnum,
  jsonField,
  jsonInt64Value,
  jsonObject,
  jsonString,
  jsonUint32,
} from './jsonFields.js'
import { SPAN_KIND_NAMES, STATUS_CODE_NAMES } from './jsonTraces.js'
import type { OtlpLimits } from './limits.js'
import { type JsonObject, parseOtlpJson } from './parseOtlpJson.js'
import type { Decoded, SpanEventRow, SpanLinkRow, SpanRow } from './rows.js'
import { resourceContext, withScope } from './scopeContext.js'
import { spanKindNames, statusCodeNames } from './spanRowsFromMessages.js'

/**
 * Span rows straight from an OTLP/JSON body: the JSON path's counterpart of the streaming protobuf reader.
 * The reference path builds request objects first (`jsonTraceRequest`: ids as bytes, every `KeyValue` and
 * `AnyValue` as an object) and then rows from them; about half of the JSON decode time went into those
 * objects and into turning ids back into hex. This reads the parsed JSON once, into rows and attribute JSON.
 *
 * It declines — answers `undefined` — whenever the request is not plainly valid, and the reference path then
 * decodes the whole body, so rows, partial-success counts and messages, and errors are the reference's by
 * construction: a body that does not parse as it is (the reference quotes long integer literals first), an
 * int64 sent as a JSON number beyond 2^53 (which the parse already rounded), a field of the wrong type, an
 * id that is not lower-case hex of its length, or any item the limits or id rules reject. Resource and scope
 * go through the reference code itself (once per scope, not per span), after a check for rounded integers.
 */
export const jsonSpanRows = (body: Uint8Array, limits: OtlpLimits): Decoded<SpanRow> | undefined => {
  try {
    const root = parseOtlpJson(body, { exactIntegers: false })
    if (root === undefined) return undefined
    return readRequest(root, new AttributeLimiter(limits))
  } catch {
    // Whatever stopped the read — a decline, a field reader's OtlpDecodeError, nesting too deep for the stack —
    // the reference path decodes the body again and answers as it always has.
    return undefined
  }
}

/** Thrown inside the reader to hand the request to the reference path. */
class Decline extends Error {}
const decline = (): never => {
  throw new Decline()
}

const readRequest = (root: JsonObject, limiter: AttributeLimiter): Decoded<SpanRow> => {
  const rows: SpanRow[] = []
  for (const resourceValue of jsonArray(root, 'resourceSpans', 'resource_spans')) {
    const o = asJsonObject(resourceValue, 'a ResourceSpans')
    if (inexact(o.resource)) decline()
    const resource = resourceContext(jsonResource(o), jsonString(o, 'schemaUrl', 'schema_url'), limiter)
    for (const scopeValue of jsonArray(o, 'scopeSpans', 'scope_spans')) {
      const scopeSpans = asJsonObject(scopeValue, 'a ScopeSpans')
      if (inexact(scopeSpans.scope)) decline()
      const ctx = withScope(resource, jsonScope(scopeSpans), limiter)
      const spans = jsonArray(scopeSpans, 'spans')
      if (ctx.problem !== '' && spans.length > 0) decline()
      for (const spanValue of spans) {
        const span = asJsonObject(spanValue, 'a span')
        const status = jsonObject(span, 'status')
        const start = exactInt64(span, 'startTimeUnixNano', 'start_time_unix_nano')
        const end = exactInt64(span, 'endTimeUnixNano', 'end_time_unix_nano')
        // An id the reference would reject (a partial success) declines.
        const traceId = hexId(span, 'traceId', 'trace_id', 32)
        const spanId = hexId(span, 'spanId', 'span_id', 16)
        rows.push({
          timestamp: start,
          traceId,
          spanId,
          parentSpanId: parentId(span),
          traceState: jsonString(span, 'traceState', 'trace_state'),
          flags: jsonUint32(span, 'flags'),
          spanName: jsonString(span, 'name'),
          spanKind: spanKindNames[jsonEnum(span, 'kind', 'kind', SPAN_KIND_NAMES)] ?? 'Unspecified',
          serviceName: ctx.serviceName,
          resourceAttributes: ctx.resourceAttributes,
          resourceSchemaUrl: ctx.resourceSchemaUrl,
          scopeName: ctx.scopeName,
          scopeVersion: ctx.scopeVersion,
          scopeAttributes: ctx.scopeAttributes,
          spanAttributes: attributesText(span, limiter),
          duration: end > start ? end - start : 0n,
          statusCode:
            statusCodeNames[status ? jsonEnum(status, 'code', 'code', STATUS_CODE_NAMES) : 0] ?? 'Unset',
          statusMessage: status ? jsonString(status, 'message') : '',
          events: jsonArray(span, 'events').map((value) => eventRow(value, limiter)),
          links: jsonArray(span, 'links').map((value) => linkRow(value, limiter)),
          droppedAttributesCount: jsonUint32(span, 'droppedAttributesCount', 'dropped_attributes_count'),
          droppedEventsCount: jsonUint32(span, 'droppedEventsCount', 'dropped_events_count'),
          droppedLinksCount: jsonUint32(span, 'droppedLinksCount', 'dropped_links_count'),
        })
      }
    }
  }
  return { rows, rejected: 0, errorMessage: '' }
}

/** Whether `value` holds an integer the plain parse may have rounded (the reference code reads those fields). */
const inexact = (value: unknown): boolean =>
  typeof value === 'number'
    ? Number.isInteger(value) && !Number.isSafeInteger(value)
    : typeof value === 'object' && value !== null && Object.values(value).some(inexact)

const eventRow = (value: unknown, limiter: AttributeLimiter): SpanEventRow => {
  const o = asJsonObject(value, 'a span event')
  return {
    timestamp: exactInt64(o, 'timeUnixNano', 'time_unix_nano'),
    name: jsonString(o, 'name'),
    attributes: attributesText(o, limiter),
    droppedAttributesCount: jsonUint32(o, 'droppedAttributesCount', 'dropped_attributes_count'),
  }
}

const linkRow = (value: unknown, limiter: AttributeLimiter): SpanLinkRow => {
  const o = asJsonObject(value, 'a span link')
  return {
    traceId: anyHexId(o, 'traceId', 'trace_id'),
    spanId: anyHexId(o, 'spanId', 'span_id'),
    traceState: jsonString(o, 'traceState', 'trace_state'),
    attributes: attributesText(o, limiter),
    droppedAttributesCount: jsonUint32(o, 'droppedAttributesCount', 'dropped_attributes_count'),
    flags: jsonUint32(o, 'flags'),
  }
}

const LOWER_HEX = /^[0-9a-f]*$/
const ZERO = /^0*$/

/** A span's or trace's own id: `length` lower-case hex digits, not all zero. */
const hexId = (o: JsonObject, camel: string, snake: string, length: number): string => {
  const value = jsonField(o, camel, snake)
  if (typeof value !== 'string' || value.length !== length || !LOWER_HEX.test(value) || ZERO.test(value)) {
    return decline()
  }
  return value
}

/** The parent span id: absent, empty or all zeros for a root span. */
const parentId = (o: JsonObject): string => {
  const value = jsonField(o, 'parentSpanId', 'parent_span_id')
  if (value == null || value === '') return ''
  if (typeof value !== 'string' || value.length !== 16 || !LOWER_HEX.test(value)) return decline()
  return ZERO.test(value) ? '' : value
}

/** A link's ids, kept as sent (of any even length), lower-case hex. */
const anyHexId = (o: JsonObject, camel: string, snake: string): string => {
  const value = jsonField(o, camel, snake)
  if (value == null) return ''
  if (typeof value !== 'string' || value.length % 2 !== 0 || !LOWER_HEX.test(value)) return decline()
  return value
}

/** An int64 field exactly, as `jsonInt64` reads it; a JSON number past 2^53 was already rounded by the parse. */
const exactInt64 = (o: JsonObject, camel: string, snake: string): bigint => {
  const value = jsonField(o, camel, snake)
  if (typeof value === 'number' && !Number.isSafeInteger(value)) return decline()
  return jsonInt64Value(value, camel)
}

/** The decimal text of an `intValue`, exactly as the reference's bigint prints it. */
const intText = (value: unknown): string => {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  if (typeof value === 'number') return decline()
  return jsonInt64Value(value, 'intValue').toString()
}

/** The `attributes` of `o` as JSON object text, or a decline when the list breaks a limit. */
const attributesText = (o: JsonObject, limiter: AttributeLimiter): string => {
  const list = jsonArray(o, 'attributes')
  if (list.length > limiter.maxAttributes) return decline()
  limiter.oversized = 0
  const json = keyValuesText(list, limiter, 0)
  if (limiter.oversized !== 0) return decline()
  return json
}

/**
 * A JSON `KeyValue` list as the JSON object text `keyValuesJson` (anyValueJson.ts) makes. Repeated keys decline: the reference type-checks a shadowed
 * value but leaves it out of the limits, which is not worth mirroring for a list OTLP says has unique keys.
 */
const keyValuesText = (list: unknown[], limiter: AttributeLimiter, depth: number): string => {
  const n = list.length
  if (n === 0) return '{}'
  const keys: string[] = new Array(n)
  for (let i = 0; i < n; i++) keys[i] = jsonString(asJsonObject(list[i], 'a KeyValue'), 'key')
  if (n > SMALL_LIST ? new Set(keys).size !== n : keys.some((key, i) => keys.indexOf(key, i + 1) !== -1)) {
    return decline()
  }
  let out = '{'
  for (let i = 0; i < n; i++) {
    out += `${i === 0 ? '' : ','}${JSON.stringify(keys[i])}:${anyValueText((list[i] as JsonObject).value, limiter, depth)}`
  }
  return `${out}}`
}

/** Below this size a quadratic scan for repeated keys beats building a set. */
const SMALL_LIST = 16

/**
 * An OTLP/JSON `AnyValue` as the JSON text `anyValueJson` (anyValueJson.ts) makes of the decoded value: the
 * first member present wins, as in `jsonAnyValue`.
 */
const anyValueText = (value: unknown, limiter: AttributeLimiter, depth: number): string => {
  if (value == null) return 'null'
  const o = asJsonObject(value, 'an AnyValue')
  let v = o.stringValue ?? o.string_value
  if (v != null) {
    const s = jsonString(o, 'stringValue', 'string_value')
    if (s.length > limiter.safeChars) limiter.checkString(s)
    return JSON.stringify(s)
  }
  v = o.boolValue ?? o.bool_value
  if (v != null) return jsonBool(o, 'boolValue', 'bool_value') ? 'true' : 'false'
  v = o.intValue ?? o.int_value
  if (v != null) return intText(v)
  v = o.doubleValue ?? o.double_value
  if (v != null) return doubleJson(jsonDoubleValue(v, 'doubleValue'))
  v = o.arrayValue ?? o.array_value
  if (v != null) {
    if (depth >= MAX_VALUE_NESTING) return decline()
    const values = jsonArray(asJsonObject(v, 'field "arrayValue"'), 'values')
    let out = '['
    for (let i = 0; i < values.length; i++) {
      out += `${i === 0 ? '' : ','}${anyValueText(values[i], limiter, depth + 1)}`
    }
    return `${out}]`
  }
  v = o.kvlistValue ?? o.kvlist_value
  if (v != null) {
    if (depth >= MAX_VALUE_NESTING) return decline()
    return keyValuesText(jsonArray(asJsonObject(v, 'field "kvlistValue"'), 'values'), limiter, depth + 1)
  }
  v = o.bytesValue ?? o.bytes_value
  if (v != null) {
    const bytes = jsonBase64(v, 'bytesValue')
    limiter.checkBytes(bytes.byteLength)
    return `"${bytes.toString('base64')}"`
  }
  return 'null'
}
