import type { LogRow } from '../otlp/rows.js'
import { jsonObject, nanos, jsonString as q } from './jsonText.js'

/** One log record as a line of JSON for the staging table; `logStaging` parses it inside DuckDB. */
export const encodeLog = (row: LogRow): string =>
  `{"ts":${nanos(row.timestamp)},"ots":${nanos(row.observedTimestamp)},"tid":${q(row.traceId)},"sid":${q(row.spanId)},"fl":${row.flags},"st":${q(row.severityText)},"sn":${row.severityNumber},"svc":${q(row.serviceName)},"b":${row.body === '' ? 'null' : row.body},"en":${q(row.eventName)},"ra":${jsonObject(row.resourceAttributes)},"ru":${q(row.resourceSchemaUrl)},"scn":${q(row.scopeName)},"scv":${q(row.scopeVersion)},"sca":${jsonObject(row.scopeAttributes)},"a":${jsonObject(row.logAttributes)},"da":${row.droppedAttributesCount}}`
