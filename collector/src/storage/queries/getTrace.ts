import type { DuckDBConnection } from '@duckdb/node-api'
import { parseJsonExact } from '../parseJsonExact.js'
import type { TraceSpan } from '../Storage.js'

/** Builds each span's JSON in SQL so attribute values keep their stored JSON text (and type). */
const sql = `
SELECT to_json({
  'traceId': TraceId,
  'spanId': SpanId,
  'parentSpanId': ParentSpanId,
  'traceState': TraceState,
  'flags': TraceFlags,
  'name': SpanName,
  'kind': SpanKind,
  'serviceName': ServiceName,
  'startTimeUnixNano': epoch_ns(Timestamp)::VARCHAR,
  'endTimeUnixNano': (epoch_ns(Timestamp)::HUGEINT + Duration)::VARCHAR,
  'durationNano': Duration::VARCHAR,
  'status': {'code': StatusCode, 'message': StatusMessage},
  'attributes': SpanAttributes,
  'resource': {'attributes': ResourceAttributes, 'schemaUrl': ResourceSchemaUrl},
  'scope': {'name': ScopeName, 'version': ScopeVersion, 'attributes': ScopeAttributes},
  'events': list_transform(Events, e -> {
    'timeUnixNano': epoch_ns(e.Timestamp)::VARCHAR,
    'name': e.Name,
    'attributes': e.Attributes,
    'droppedAttributesCount': e.DroppedAttributesCount
  }),
  'links': list_transform(Links, l -> {
    'traceId': l.TraceId,
    'spanId': l.SpanId,
    'traceState': l.TraceState,
    'attributes': l.Attributes,
    'droppedAttributesCount': l.DroppedAttributesCount,
    'flags': l.Flags
  }),
  'droppedAttributesCount': DroppedAttributesCount,
  'droppedEventsCount': DroppedEventsCount,
  'droppedLinksCount': DroppedLinksCount
})::VARCHAR
FROM otel_traces
WHERE TraceId = $1
ORDER BY Timestamp, SpanId`

/** All spans of one trace, ordered by start time, as JSON-ready objects. */
export const getTrace = async (connection: DuckDBConnection, traceId: string): Promise<TraceSpan[]> => {
  const reader = await connection.runAndReadAll(sql, [traceId])
  return reader.getRows().map((row) => parseJsonExact(String(row[0])) as TraceSpan)
}
