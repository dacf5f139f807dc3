import type { SpanRow } from '../otlp/rows.js'
import { jsonObject, nanos, jsonString as q } from './jsonText.js'

/**
 * One span as a line of JSON for the staging table; `spanStaging` parses it inside DuckDB. Attribute
 * maps are spliced in as the decoder's JSON text, so no value is parsed or re-serialised in JavaScript.
 */
export const encodeSpan = (row: SpanRow): string => {
  let events = ''
  for (const e of row.events) {
    events += `${events === '' ? '' : ','}{"t":${nanos(e.timestamp)},"n":${q(e.name)},"a":${jsonObject(e.attributes)},"d":${e.droppedAttributesCount}}`
  }
  let links = ''
  for (const l of row.links) {
    links += `${links === '' ? '' : ','}{"t":${q(l.traceId)},"s":${q(l.spanId)},"ts":${q(l.traceState)},"a":${jsonObject(l.attributes)},"d":${l.droppedAttributesCount},"f":${l.flags}}`
  }
  return `{"ts":${nanos(row.timestamp)},"tid":${q(row.traceId)},"sid":${q(row.spanId)},"pid":${q(row.parentSpanId)},"tst":${q(row.traceState)},"fl":${row.flags},"n":${q(row.spanName)},"k":${q(row.spanKind)},"svc":${q(row.serviceName)},"ra":${jsonObject(row.resourceAttributes)},"ru":${q(row.resourceSchemaUrl)},"sn":${q(row.scopeName)},"sv":${q(row.scopeVersion)},"sa":${jsonObject(row.scopeAttributes)},"a":${jsonObject(row.spanAttributes)},"du":${nanos(row.duration)},"sc":${q(row.statusCode)},"sm":${q(row.statusMessage)},"ev":[${events}],"lk":[${links}],"da":${row.droppedAttributesCount},"de":${row.droppedEventsCount},"dl":${row.droppedLinksCount}}`
}
