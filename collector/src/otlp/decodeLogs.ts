import { AttributeLimiter, unlimited } from './AttributeLimiter.js'
import { anyValueJson } from './anyValueJson.js'
import { decodeJson } from './decodeJson.js'
import { decodeProtobuf } from './decodeProtobuf.js'
import { idHex } from './idHex.js'
import { int64 } from './int64.js'
import { jsonLogsRequest } from './jsonLogs.js'
import { defaultLimits, type OtlpLimits } from './limits.js'
import type { OtlpFormat } from './otlpFormat.js'
import type { LogRecordMsg, LogsRequestMsg } from './otlpMessages.js'
import { protoRoot } from './protoRoot.js'
import { Rejections } from './Rejections.js'
import type { Decoded, LogRow } from './rows.js'
import { resourceContext, type ScopeContext, withScope } from './scopeContext.js'

const ZERO_TRACE_ID = '0'.repeat(32)
const ZERO_SPAN_ID = '0'.repeat(16)

/** A valid log row, or the reason to reject the record. Trace context is optional on logs. */
const logRow = (
  record: LogRecordMsg,
  ordinal: number,
  ctx: ScopeContext,
  limiter: AttributeLimiter,
): LogRow | string => {
  let traceId = idHex(record.traceId)
  let spanId = idHex(record.spanId)
  if (traceId !== '' && traceId.length !== 32) {
    return `log record ${ordinal}: invalid trace id "${traceId}" (must be 16 bytes)`
  }
  if (spanId !== '' && spanId.length !== 16)
    return `log record ${ordinal}: invalid span id "${spanId}" (must be 8 bytes)`
  if (traceId === ZERO_TRACE_ID) traceId = ''
  if (spanId === ZERO_SPAN_ID) spanId = ''
  const logAttributes = limiter.attributes(record.attributes)
  if (logAttributes === null) return `log record ${ordinal}: ${limiter.problem}`
  const time = int64(record.timeUnixNano)
  const observed = int64(record.observedTimeUnixNano)
  return {
    timestamp: time === 0n ? observed : time,
    observedTimestamp: observed,
    traceId,
    spanId,
    flags: record.flags ?? 0,
    severityText: record.severityText ?? '',
    severityNumber: record.severityNumber ?? 0,
    serviceName: ctx.serviceName,
    body: anyValueJson(record.body, unlimited, 0),
    eventName: record.eventName ?? '',
    resourceAttributes: ctx.resourceAttributes,
    resourceSchemaUrl: ctx.resourceSchemaUrl,
    scopeName: ctx.scopeName,
    scopeVersion: ctx.scopeVersion,
    scopeAttributes: ctx.scopeAttributes,
    logAttributes,
    droppedAttributesCount: record.droppedAttributesCount ?? 0,
  }
}

const logRows = (request: LogsRequestMsg, limits: OtlpLimits): Decoded<LogRow> => {
  const limiter = new AttributeLimiter(limits)
  const rejections = new Rejections()
  const rows: LogRow[] = []
  let ordinal = 0
  for (const resourceLogs of request.resourceLogs) {
    const resource = resourceContext(resourceLogs.resource, resourceLogs.schemaUrl, limiter)
    for (const scopeLogs of resourceLogs.scopeLogs) {
      const ctx = withScope(resource, scopeLogs.scope, limiter)
      const records = scopeLogs.logRecords
      if (ctx.problem) {
        rejections.add(records.length, ctx.problem)
        ordinal += records.length
        continue
      }
      for (let i = 0; i < records.length; i++) {
        const row = logRow(records[i]!, ++ordinal, ctx, limiter)
        if (typeof row === 'string') rejections.add(1, row)
        else rows.push(row)
      }
    }
  }
  return { rows, rejected: rejections.count, errorMessage: rejections.message }
}

/**
 * Decodes an OTLP `ExportLogsServiceRequest` body into log rows. Records with malformed trace
 * context or over a limit are counted in `rejected`; a zero-length body is a valid empty request.
 * Throws {@link OtlpDecodeError} when the body cannot be decoded.
 */
export const decodeLogs = (
  body: Uint8Array,
  format: OtlpFormat,
  limits: OtlpLimits = defaultLimits,
): Decoded<LogRow> =>
  logRows(
    format === 'protobuf' ? decodeProtobuf(body, protoRoot.logsRequest) : decodeJson(body, jsonLogsRequest),
    limits,
  )
