import type { SpanRow } from '../otlp/rows.js'
import { jsonObject, nanos, jsonString as q } from './jsonText.js'

/**
 * The fields every span of one scope shares, as one fragment of a staging line. Rows of one scope
 * share these strings (the decoder builds them once per scope), so comparing the last row's is
 * mostly pointer comparisons, and the fragment is built once per scope rather than once per span.
 */
class ScopeFragment {
  private serviceName = ''
  private resourceAttributes = ''
  private resourceSchemaUrl = ''
  private scopeName = ''
  private scopeVersion = ''
  private scopeAttributes = ''
  private text = ''

  of(row: SpanRow): string {
    if (
      this.text === '' ||
      row.resourceAttributes !== this.resourceAttributes ||
      row.scopeAttributes !== this.scopeAttributes ||
      row.serviceName !== this.serviceName ||
      row.scopeName !== this.scopeName ||
      row.scopeVersion !== this.scopeVersion ||
      row.resourceSchemaUrl !== this.resourceSchemaUrl
    ) {
      this.serviceName = row.serviceName
      this.resourceAttributes = row.resourceAttributes
      this.resourceSchemaUrl = row.resourceSchemaUrl
      this.scopeName = row.scopeName
      this.scopeVersion = row.scopeVersion
      this.scopeAttributes = row.scopeAttributes
      this.text = `"svc":${q(row.serviceName)},"ra":${jsonObject(row.resourceAttributes)},"ru":${q(row.resourceSchemaUrl)},"sn":${q(row.scopeName)},"sv":${q(row.scopeVersion)},"sa":${jsonObject(row.scopeAttributes)}`
    }
    return this.text
  }
}

const scope = new ScopeFragment()

/** JSON text of free text; most such fields of a span (trace state, status message) are empty. */
const text = (value: string): string => (value === '' ? '""' : q(value))

/**
 * One span as a line of JSON for the staging table; `spanStaging` parses it inside DuckDB. Attribute
 * maps are spliced in as the decoder's JSON text, so no value is parsed or re-serialised in JavaScript.
 * Ids are lower-case hex and kind and status names come from fixed lists (see `rows.ts`), so they need
 * no escaping.
 */
export const encodeSpan = (row: SpanRow): string => {
  let events = ''
  for (const e of row.events) {
    events += `${events === '' ? '' : ','}{"t":${nanos(e.timestamp)},"n":${text(e.name)},"a":${jsonObject(e.attributes)},"d":${e.droppedAttributesCount}}`
  }
  let links = ''
  for (const l of row.links) {
    links += `${links === '' ? '' : ','}{"t":"${l.traceId}","s":"${l.spanId}","ts":${text(l.traceState)},"a":${jsonObject(l.attributes)},"d":${l.droppedAttributesCount},"f":${l.flags}}`
  }
  return `{"ts":${nanos(row.timestamp)},"tid":"${row.traceId}","sid":"${row.spanId}","pid":"${row.parentSpanId}","tst":${text(row.traceState)},"fl":${row.flags},"n":${text(row.spanName)},"k":"${row.spanKind}",${scope.of(row)},"a":${jsonObject(row.spanAttributes)},"du":${nanos(row.duration)},"sc":"${row.statusCode}","sm":${text(row.statusMessage)},"ev":[${events}],"lk":[${links}],"da":${row.droppedAttributesCount},"de":${row.droppedEventsCount},"dl":${row.droppedLinksCount}}`
}
