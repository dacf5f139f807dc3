import { jsonAnyValue, jsonKeyValues, jsonResource, jsonScope } from './jsonCommon.js'
import { asJsonObject, jsonArray, jsonEnum, jsonId, jsonInt64, jsonString, jsonUint32 } from './jsonFields.js'
import type { LogRecordMsg, LogsRequestMsg } from './otlpMessages.js'
import type { JsonObject } from './parseOtlpJson.js'

/** `SEVERITY_NUMBER_UNSPECIFIED`, `SEVERITY_NUMBER_TRACE` … `SEVERITY_NUMBER_FATAL4`, by value. */
const SEVERITY_NUMBER_NAMES = [
  'SEVERITY_NUMBER_UNSPECIFIED',
  ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((level) =>
    ['', '2', '3', '4'].map((n) => `SEVERITY_NUMBER_${level}${n}`),
  ),
]

const jsonLogRecord = (value: unknown): LogRecordMsg => {
  const o = asJsonObject(value, 'a log record')
  return {
    timeUnixNano: jsonInt64(o, 'timeUnixNano', 'time_unix_nano'),
    observedTimeUnixNano: jsonInt64(o, 'observedTimeUnixNano', 'observed_time_unix_nano'),
    severityNumber: jsonEnum(o, 'severityNumber', 'severity_number', SEVERITY_NUMBER_NAMES),
    severityText: jsonString(o, 'severityText', 'severity_text'),
    body: jsonAnyValue(o.body),
    attributes: jsonKeyValues(o, 'attributes'),
    droppedAttributesCount: jsonUint32(o, 'droppedAttributesCount', 'dropped_attributes_count'),
    flags: jsonUint32(o, 'flags'),
    traceId: jsonId(o, 'traceId', 'trace_id'),
    spanId: jsonId(o, 'spanId', 'span_id'),
    eventName: jsonString(o, 'eventName', 'event_name'),
  }
}

/** An OTLP/JSON `ExportLogsServiceRequest` in the decoded shape. */
export const jsonLogsRequest = (root: JsonObject): LogsRequestMsg => ({
  resourceLogs: jsonArray(root, 'resourceLogs', 'resource_logs').map((value) => {
    const o = asJsonObject(value, 'a ResourceLogs')
    return {
      resource: jsonResource(o),
      schemaUrl: jsonString(o, 'schemaUrl', 'schema_url'),
      scopeLogs: jsonArray(o, 'scopeLogs', 'scope_logs').map((scopeValue) => {
        const scopeLogs = asJsonObject(scopeValue, 'a ScopeLogs')
        return {
          scope: jsonScope(scopeLogs),
          logRecords: jsonArray(scopeLogs, 'logRecords', 'log_records').map(jsonLogRecord),
        }
      }),
    }
  }),
})
