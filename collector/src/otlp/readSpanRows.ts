import { AttributeJsonReader, nestedEnd, nextField, type OpenList, seekField } from './AttributeJsonReader.js'
import { fieldTable } from './fieldTable.js'
import type { OtlpLimits } from './limits.js'
import { CaptureTarget, OtlpReader } from './OtlpReader.js'
import { protoMessages } from './protoRoot.js'
import { Rejections } from './Rejections.js'
import type { Decoded, SpanEventRow, SpanLinkRow, SpanRow } from './rows.js'
import { type ScopeContext, UNKNOWN_SERVICE } from './scopeContext.js'
import { spanKindNames, statusCodeNames } from './spanRowsFromMessages.js'

// The decoder's own action codes, one per field it reads (distinct across messages, so a code can
// never be taken for another field's); the field numbers and wire types come from the generated
// definitions (fieldTable.ts).
/**
 * A span's first event or link problem: `current` if there is one already, else `item`'s (its
 * attributes are null when they broke a limit), labelled with its place; the label is built only then.
 */
const firstProblem = (
  current: string,
  item: { attributes: string | null },
  kind: 'event' | 'link',
  index: number,
  attributes: AttributeJsonReader,
): string =>
  current !== '' || item.attributes !== null ? current : `${kind} ${index}: ${attributes.problem}`

const RESOURCE_SPANS = 1
const requestFields = fieldTable(protoMessages.traceRequest, { resourceSpans: ['repeated', RESOURCE_SPANS] })

const RESOURCE = 2
const SCOPE_SPANS = 3
const SCHEMA_URL = 4
const resourceSpansFields = fieldTable(protoMessages.resourceSpans, {
  resource: ['message', RESOURCE],
  scopeSpans: ['repeated', SCOPE_SPANS],
  schemaUrl: ['string', SCHEMA_URL],
})

const SCOPE = 5
const SPANS = 6
const scopeSpansFields = fieldTable(protoMessages.scopeSpans, {
  scope: ['message', SCOPE],
  spans: ['repeated', SPANS],
  schemaUrl: ['string', SCHEMA_URL],
})

const ATTRIBUTES = 7
const DROPPED_ATTRIBUTES = 8
const NAME = 9
const VERSION = 10
const resourceFields = fieldTable(protoMessages.resource, {
  attributes: ['repeated', ATTRIBUTES],
  droppedAttributesCount: ['varint', DROPPED_ATTRIBUTES],
})
const scopeFields = fieldTable(protoMessages.scope, {
  name: ['string', NAME],
  version: ['string', VERSION],
  attributes: ['repeated', ATTRIBUTES],
  droppedAttributesCount: ['varint', DROPPED_ATTRIBUTES],
})

const TRACE_ID = 11
const SPAN_ID = 12
const TRACE_STATE = 13
const PARENT_SPAN_ID = 14
const KIND = 15
const START = 16
const END = 17
const EVENTS = 18
const DROPPED_EVENTS = 19
const LINKS = 20
const DROPPED_LINKS = 21
const STATUS = 22
const spanFields = fieldTable(protoMessages.span, {
  traceId: ['bytes', TRACE_ID],
  spanId: ['bytes', SPAN_ID],
  traceState: ['string', TRACE_STATE],
  parentSpanId: ['bytes', PARENT_SPAN_ID],
  name: ['string', NAME],
  kind: ['varint', KIND],
  startTimeUnixNano: ['fixed64', START],
  endTimeUnixNano: ['fixed64', END],
  attributes: ['repeated', ATTRIBUTES],
  droppedAttributesCount: ['varint', DROPPED_ATTRIBUTES],
  events: ['repeated', EVENTS],
  droppedEventsCount: ['varint', DROPPED_EVENTS],
  links: ['repeated', LINKS],
  droppedLinksCount: ['varint', DROPPED_LINKS],
  status: ['message', STATUS],
})

const TIME = 23
const eventFields = fieldTable(protoMessages.event, {
  timeUnixNano: ['fixed64', TIME],
  name: ['string', NAME],
  attributes: ['repeated', ATTRIBUTES],
  droppedAttributesCount: ['varint', DROPPED_ATTRIBUTES],
})
const linkFields = fieldTable(protoMessages.link, {
  traceId: ['bytes', TRACE_ID],
  spanId: ['bytes', SPAN_ID],
  traceState: ['string', TRACE_STATE],
  attributes: ['repeated', ATTRIBUTES],
  droppedAttributesCount: ['varint', DROPPED_ATTRIBUTES],
})

const MESSAGE = 24
const CODE = 25
const statusFields = fieldTable(protoMessages.status, {
  message: ['string', MESSAGE],
  code: ['varint', CODE],
})

const ZERO_TRACE_ID = '0'.repeat(32)
const ZERO_SPAN_ID = '0'.repeat(16)

/**
 * Reads an `ExportTraceServiceRequest` straight from the wire into span rows, in one pass per
 * message and without the intermediate protobufjs message objects. The reader (protobufjs's, with
 * the collector's {@link OtlpReader} overrides) does all wire-level reading, the field numbers come
 * from the generated definitions, and every rule mirrors the reference path (the generated decoder
 * followed by `spanRowsFromMessages`): the rows, rejections and messages are the same.
 */
class SpanRowReader {
  readonly rows: SpanRow[] = []
  readonly rejections = new Rejections()
  private readonly attributes: AttributeJsonReader

  constructor(
    private readonly reader: OtlpReader,
    limits: OtlpLimits,
  ) {
    this.attributes = new AttributeJsonReader(reader, limits)
  }

  readRequest(): void {
    const reader = this.reader
    const end = reader.len
    while (nextField(reader, requestFields, end) !== 0) this.readResourceSpans(nestedEnd(reader, end))
  }

  /**
   * Two passes: the resource (and schema URL) may follow the spans on the wire, and the last one
   * wins, so the first pass reads them and the second the spans.
   */
  private readResourceSpans(end: number): void {
    const reader = this.reader
    const start = reader.pos
    const attributes = this.attributes
    let resourceAttributes = '{}'
    let serviceName = UNKNOWN_SERVICE
    let problem = ''
    let schemaUrl = ''
    for (;;) {
      const action = nextField(reader, resourceSpansFields, end)
      if (action === 0) break
      if (action === RESOURCE) {
        const list = attributes.open()
        this.readResource(list, nestedEnd(reader, end))
        const json = attributes.close(list)
        serviceName = attributes.serviceName(list, UNKNOWN_SERVICE)
        resourceAttributes = json ?? '{}'
        problem = json === null ? `resource of service ${serviceName}: ${attributes.problem}` : ''
      } else if (action === SCHEMA_URL) {
        schemaUrl = reader.string()
      } else {
        reader.pos = nestedEnd(reader, end)
      }
    }
    const resource: ScopeContext = {
      serviceName,
      resourceAttributes,
      resourceSchemaUrl: schemaUrl,
      scopeName: '',
      scopeVersion: '',
      scopeAttributes: '{}',
      problem,
    }
    reader.pos = start
    while (seekField(reader, resourceSpansFields, SCOPE_SPANS, end)) {
      this.readScopeSpans(nestedEnd(reader, end), resource)
    }
  }

  private readResource(list: OpenList, end: number): void {
    const reader = this.reader
    for (;;) {
      const action = nextField(reader, resourceFields, end)
      if (action === 0) break
      if (action === ATTRIBUTES) this.attributes.readKeyValue(list, nestedEnd(reader, end))
      else reader.uint32()
    }
  }

  /** Two passes, as in {@link readResourceSpans}: the scope may follow the spans. */
  private readScopeSpans(end: number, resource: ScopeContext): void {
    const reader = this.reader
    const start = reader.pos
    let ctx: ScopeContext = { ...resource }
    for (;;) {
      const action = nextField(reader, scopeSpansFields, end)
      if (action === 0) break
      if (action === SCOPE) ctx = this.readScope(nestedEnd(reader, end), resource)
      else if (action === SCHEMA_URL) reader.string()
      else reader.pos = nestedEnd(reader, end)
    }
    reader.pos = start
    let rejectedWithScope = 0
    while (seekField(reader, scopeSpansFields, SPANS, end)) {
      const row = this.readSpan(nestedEnd(reader, end), ctx)
      if (ctx.problem !== '') rejectedWithScope++
      else if (typeof row === 'string') this.rejections.add(1, row)
      else this.rows.push(row)
    }
    this.rejections.add(rejectedWithScope, ctx.problem)
  }

  /** The context of an `InstrumentationScope` message under `resource`. */
  private readScope(end: number, resource: ScopeContext): ScopeContext {
    const reader = this.reader
    const attributes = this.attributes
    const list = attributes.open()
    let name = ''
    let version = ''
    for (;;) {
      const action = nextField(reader, scopeFields, end)
      if (action === 0) break
      switch (action) {
        case NAME:
          name = reader.string()
          break
        case VERSION:
          version = reader.string()
          break
        case ATTRIBUTES:
          attributes.readKeyValue(list, nestedEnd(reader, end))
          break
        default:
          reader.uint32()
      }
    }
    const json = attributes.close(list)
    return {
      ...resource,
      scopeName: name,
      scopeVersion: version,
      scopeAttributes: json ?? '{}',
      problem:
        resource.problem || (json === null ? `scope ${name || '(unnamed)'}: ${attributes.problem}` : ''),
    }
  }

  /** A valid span, or the reason to reject it (checked in the order of the reference path). */
  private readSpan(end: number, ctx: ScopeContext): SpanRow | string {
    const reader = this.reader
    const attributes = this.attributes
    // The reference path captures span flags (a field newer than the definitions) in skipType.
    const outerTarget = reader.captureTarget
    reader.captureTarget = CaptureTarget.Span
    const list = attributes.open()
    let traceId = ''
    let spanId = ''
    let traceState = ''
    let parentSpanId = ''
    let name = ''
    let kind = 0
    let start = 0n
    let finish = 0n
    let droppedAttributesCount = 0
    let droppedEventsCount = 0
    let droppedLinksCount = 0
    let statusCode = 0
    let statusMessage = ''
    const events: SpanEventRow[] = []
    const links: SpanLinkRow[] = []
    let eventProblem = ''
    let linkProblem = ''
    for (;;) {
      const action = nextField(reader, spanFields, end)
      if (action === 0) break
      switch (action) {
        case TRACE_ID:
          traceId = reader.hex()
          break
        case SPAN_ID:
          spanId = reader.hex()
          break
        case TRACE_STATE:
          traceState = reader.string()
          break
        case PARENT_SPAN_ID:
          parentSpanId = reader.hex()
          break
        case NAME:
          name = reader.string()
          break
        case KIND:
          kind = reader.int32()
          break
        case START:
          start = reader.fixed64() as unknown as bigint
          break
        case END:
          finish = reader.fixed64() as unknown as bigint
          break
        case ATTRIBUTES:
          attributes.readKeyValue(list, nestedEnd(reader, end))
          break
        case DROPPED_ATTRIBUTES:
          droppedAttributesCount = reader.uint32()
          break
        case EVENTS: {
          const event = this.readEvent(nestedEnd(reader, end))
          eventProblem = firstProblem(eventProblem, event, 'event', events.length, attributes)
          events.push(event as SpanEventRow)
          break
        }
        case DROPPED_EVENTS:
          droppedEventsCount = reader.uint32()
          break
        case LINKS: {
          const link = this.readLink(nestedEnd(reader, end))
          linkProblem = firstProblem(linkProblem, link, 'link', links.length, attributes)
          links.push(link as SpanLinkRow)
          break
        }
        case DROPPED_LINKS:
          droppedLinksCount = reader.uint32()
          break
        case STATUS: {
          const statusEnd = nestedEnd(reader, end)
          statusCode = 0
          statusMessage = ''
          for (;;) {
            const statusAction = nextField(reader, statusFields, statusEnd)
            if (statusAction === 0) break
            if (statusAction === MESSAGE) statusMessage = reader.string()
            else statusCode = reader.int32()
          }
          break
        }
      }
    }
    reader.captureTarget = outerTarget
    let flags = 0
    if (reader.spanFlags !== null) {
      flags = reader.spanFlags
      reader.spanFlags = null
    }
    const spanAttributes = attributes.close(list)

    if (spanId.length !== 16 || spanId === ZERO_SPAN_ID) {
      return `span "${name}" in trace ${traceId || '(none)'}: invalid span id "${spanId}" (must be 8 bytes, not all zero)`
    }
    if (traceId.length !== 32 || traceId === ZERO_TRACE_ID) {
      return `span ${spanId}: invalid trace id "${traceId}" (must be 16 bytes, not all zero)`
    }
    if (spanAttributes === null) return `span ${spanId}: ${attributes.problem}`
    if (eventProblem !== '') return `span ${spanId}: ${eventProblem}`
    if (linkProblem !== '') return `span ${spanId}: ${linkProblem}`
    return {
      timestamp: start,
      traceId,
      spanId,
      parentSpanId: parentSpanId === ZERO_SPAN_ID ? '' : parentSpanId,
      traceState,
      flags,
      spanName: name,
      spanKind: spanKindNames[kind] ?? 'Unspecified',
      serviceName: ctx.serviceName,
      resourceAttributes: ctx.resourceAttributes,
      resourceSchemaUrl: ctx.resourceSchemaUrl,
      scopeName: ctx.scopeName,
      scopeVersion: ctx.scopeVersion,
      scopeAttributes: ctx.scopeAttributes,
      spanAttributes,
      duration: finish > start ? finish - start : 0n,
      statusCode: statusCodeNames[statusCode] ?? 'Unset',
      statusMessage,
      events,
      links,
      droppedAttributesCount,
      droppedEventsCount,
      droppedLinksCount,
    }
  }

  /** An event; `attributes` is `null` when its list breaks a limit (the reason in the attribute reader). */
  private readEvent(end: number): Omit<SpanEventRow, 'attributes'> & { attributes: string | null } {
    const reader = this.reader
    const attributes = this.attributes
    const list = attributes.open()
    let timestamp = 0n
    let name = ''
    let droppedAttributesCount = 0
    for (;;) {
      const action = nextField(reader, eventFields, end)
      if (action === 0) break
      switch (action) {
        case TIME:
          timestamp = reader.fixed64() as unknown as bigint
          break
        case NAME:
          name = reader.string()
          break
        case ATTRIBUTES:
          attributes.readKeyValue(list, nestedEnd(reader, end))
          break
        default:
          droppedAttributesCount = reader.uint32()
      }
    }
    return { timestamp, name, attributes: attributes.close(list), droppedAttributesCount }
  }

  /** A link; `attributes` is `null` when its list breaks a limit. */
  private readLink(end: number): Omit<SpanLinkRow, 'attributes'> & { attributes: string | null } {
    const reader = this.reader
    const attributes = this.attributes
    // As the reference path: link flags are captured while the link is read, then the outer target restored.
    const outerTarget = reader.captureTarget
    reader.captureTarget = CaptureTarget.Link
    const list = attributes.open()
    let traceId = ''
    let spanId = ''
    let traceState = ''
    let droppedAttributesCount = 0
    for (;;) {
      const action = nextField(reader, linkFields, end)
      if (action === 0) break
      switch (action) {
        case TRACE_ID:
          traceId = reader.hex()
          break
        case SPAN_ID:
          spanId = reader.hex()
          break
        case TRACE_STATE:
          traceState = reader.string()
          break
        case ATTRIBUTES:
          attributes.readKeyValue(list, nestedEnd(reader, end))
          break
        default:
          droppedAttributesCount = reader.uint32()
      }
    }
    reader.captureTarget = outerTarget
    let flags = 0
    if (reader.linkFlags !== null) {
      flags = reader.linkFlags
      reader.linkFlags = null
    }
    return { traceId, spanId, traceState, attributes: attributes.close(list), droppedAttributesCount, flags }
  }
}

/**
 * The span rows of a protobuf `ExportTraceServiceRequest`, read in a streaming fashion; `null` when
 * the body is malformed or uses something the streaming reader leaves to the reference decoder, which
 * then produces the exact result or error.
 */
export const readSpanRows = (body: Buffer, limits: OtlpLimits): Decoded<SpanRow> | null => {
  const reader = new SpanRowReader(new OtlpReader(body), limits)
  try {
    reader.readRequest()
  } catch {
    return null
  }
  return { rows: reader.rows, rejected: reader.rejections.count, errorMessage: reader.rejections.message }
}
