import { decodeJson } from './decodeJson.js'
import { decodeProtobuf } from './decodeProtobuf.js'
import { jsonSpanRows } from './jsonSpanRows.js'
import { jsonTraceRequest } from './jsonTraces.js'
import { defaultLimits, type OtlpLimits } from './limits.js'
import type { OtlpFormat } from './otlpFormat.js'
import { protoRoot } from './protoRoot.js'
import { readSpanRows } from './readSpanRows.js'
import type { Decoded, SpanRow } from './rows.js'
import { spanRowsFromMessages } from './spanRowsFromMessages.js'

export { spanKindNames, statusCodeNames } from './spanRowsFromMessages.js'

/**
 * Decodes an OTLP `ExportTraceServiceRequest` body into span rows. Invalid spans (bad ids, over a
 * limit) are counted in `rejected` rather than failing the request. A zero-length body is a valid
 * empty request. Throws `OtlpDecodeError` when the body cannot be decoded.
 *
 * Protobuf bodies are read by the streaming reader (readSpanRows.ts), JSON bodies by the direct
 * reader (jsonSpanRows.ts); when either declines a body (malformed, or a case it leaves to the
 * reference path) the reference decoder — the generated protobuf decoder or `jsonTraceRequest` —
 * and `spanRowsFromMessages` decode it, so results and errors are those of the reference path.
 */
export const decodeTraces = (
  body: Uint8Array,
  format: OtlpFormat,
  limits: OtlpLimits = defaultLimits,
): Decoded<SpanRow> => {
  if (format !== 'protobuf') {
    return jsonSpanRows(body, limits) ?? spanRowsFromMessages(decodeJson(body, jsonTraceRequest), limits)
  }
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  return (
    readSpanRows(buffer, limits) ??
    spanRowsFromMessages(decodeProtobuf(buffer, protoRoot.traceRequest), limits)
  )
}
