import { context, type HrTime, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { decodeTraces, spanKindNames, statusCodeNames } from './decodeTraces.js'
import { OtlpDecodeError } from './OtlpDecodeError.js'
import type { OtlpFormat } from './otlpFormat.js'

const nanos = ([seconds, ns]: HrTime): bigint => BigInt(seconds) * 1_000_000_000n + BigInt(ns)

/** Spans made by the real SDK: every attribute type, events, links, kinds, statuses, exact times. */
const sdkSpans = (): ReadableSpan[] => {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'deployment.environment': 'test',
      'host.cpus': 2,
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  })
  const tracer = provider.getTracer('vigil-test', '1.2.3')
  const root = tracer.startSpan('GET /cart', {
    kind: SpanKind.SERVER,
    startTime: [1_700_000_000, 123_456_789],
    attributes: {
      'http.route': '/cart',
      'http.status_code': 200,
      ratio: 0.25,
      cached: false,
      tags: ['a', 'b'],
      codes: [1, 2, 3],
      weights: [0.5, 1.5],
      flags: [true, false],
      unicode: 'żółw 🐢 "quoted"\n',
    },
  })
  root.addEvent('cache miss', { key: 'cart:42', attempt: 2 }, [1_700_000_000, 200_000_001])
  root.addEvent('db', [1_700_000_000, 300_000_002])
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' })
  const child = tracer.startSpan(
    'SELECT cart',
    {
      kind: SpanKind.CLIENT,
      startTime: [1_700_000_000, 150_000_000],
      links: [{ context: root.spanContext(), attributes: { reason: 'retry' } }],
    },
    trace.setSpan(context.active(), root),
  )
  child.setStatus({ code: SpanStatusCode.OK })
  child.end([1_700_000_000, 250_999_999])
  for (const kind of [SpanKind.INTERNAL, SpanKind.PRODUCER, SpanKind.CONSUMER]) {
    tracer.startSpan(`kind ${kind}`, { kind, startTime: [1_700_000_001, 0] }).end([1_700_000_001, 5])
  }
  root.end([1_700_000_001, 987_654_321])
  return exporter.getFinishedSpans()
}

const serialize = (spans: ReadableSpan[], format: OtlpFormat): Uint8Array =>
  (format === 'protobuf' ? ProtobufTraceSerializer : JsonTraceSerializer).serializeRequest(spans)!

const textBody = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value))

const deepValue = (levels: number): unknown => {
  let value: unknown = { stringValue: 'leaf' }
  for (let i = 0; i < levels; i++) value = { arrayValue: { values: [value] } }
  return value
}

describe.each(['protobuf', 'json'] as const)('decodeTraces (%s from the OTel JS serializer)', (format) => {
  const spans = sdkSpans()
  const decoded = decodeTraces(serialize(spans, format), format)

  it('decodes every span', () => {
    expect(spans).toHaveLength(5)
    expect(decoded.rejected).toBe(0)
    expect(decoded.errorMessage).toBe('')
    expect(decoded.rows.map((r) => r.spanId)).toEqual(spans.map((s) => s.spanContext().spanId))
  })

  it('keeps ids, names, kinds, status, times and attributes exactly', () => {
    for (const [i, span] of spans.entries()) {
      const row = decoded.rows[i]!
      expect(row.traceId).toBe(span.spanContext().traceId)
      expect(row.traceId).toMatch(/^[0-9a-f]{32}$/)
      expect(row.parentSpanId).toBe(span.parentSpanContext?.spanId ?? '')
      expect(row.spanName).toBe(span.name)
      expect(row.spanKind).toBe(spanKindNames[span.kind + 1])
      expect(row.statusCode).toBe(statusCodeNames[span.status.code])
      expect(row.statusMessage).toBe(span.status.message ?? '')
      expect(row.timestamp).toBe(nanos(span.startTime))
      expect(row.duration).toBe(nanos(span.endTime) - nanos(span.startTime))
      // Sampled trace flags plus the "has is_remote" bit the serializer sets.
      expect(row.flags & 0xff).toBe(span.spanContext().traceFlags)
      expect(JSON.parse(row.spanAttributes)).toEqual(span.attributes)
      expect(row.droppedAttributesCount).toBe(span.droppedAttributesCount)
    }
  })

  it('keeps resource and scope', () => {
    const row = decoded.rows[0]!
    expect(row.serviceName).toBe('checkout')
    expect(JSON.parse(row.resourceAttributes)).toEqual(spans[0]!.resource.attributes)
    expect(row.scopeName).toBe('vigil-test')
    expect(row.scopeVersion).toBe('1.2.3')
    expect(row.scopeAttributes).toBe('{}')
  })

  it('keeps events and links', () => {
    for (const [i, span] of spans.entries()) {
      const row = decoded.rows[i]!
      expect(row.events).toEqual(
        span.events.map((e) => ({
          timestamp: nanos(e.time),
          name: e.name,
          attributes: JSON.stringify(e.attributes ?? {}),
          droppedAttributesCount: e.droppedAttributesCount ?? 0,
        })),
      )
      expect(row.links.map(({ flags: _flags, ...link }) => link)).toEqual(
        span.links.map((l) => ({
          traceId: l.context.traceId,
          spanId: l.context.spanId,
          traceState: '',
          attributes: JSON.stringify(l.attributes ?? {}),
          droppedAttributesCount: l.droppedAttributesCount ?? 0,
        })),
      )
      for (const [j, link] of span.links.entries())
        expect(row.links[j]!.flags & 0xff).toBe(link.context.traceFlags)
    }
    expect(decoded.rows.some((r) => r.events.length === 2 && r.links.length === 0)).toBe(true)
    expect(decoded.rows.some((r) => r.links.length === 1)).toBe(true)
  })
})

const span = (overrides: Record<string, unknown> = {}) => ({
  traceId: '5B8EFFF798038103D269B633813FC60C',
  spanId: 'EEE19B7EC3C1B174',
  name: 'op',
  kind: 2,
  startTimeUnixNano: '1544712660000000000',
  endTimeUnixNano: '1544712661000000000',
  ...overrides,
})
const request = (...spans: unknown[]) => ({
  resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 's' }, spans }] }],
})

describe('decodeTraces across encodings', () => {
  it('decodes the protobuf and JSON forms of the same spans to the same rows', () => {
    const spans = sdkSpans()
    const fromProtobuf = decodeTraces(serialize(spans, 'protobuf'), 'protobuf')
    expect(decodeTraces(serialize(spans, 'json'), 'json')).toEqual(fromProtobuf)
    expect(fromProtobuf.rows.find((r) => r.spanName === 'SELECT cart')!.parentSpanId).toBe(
      spans.at(-1)!.spanContext().spanId,
    )
  })

  it('reads span and link flags newer than the generated definitions', () => {
    const { rows } = decodeTraces(serialize(sdkSpans(), 'protobuf'), 'protobuf')
    // W3C sampled (0x1) plus SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE (0x100), as the serializer writes them.
    expect(rows.map((r) => r.flags)).toEqual(rows.map(() => 0x101))
    expect(rows.flatMap((r) => r.links.map((l) => l.flags))).toEqual([0x101])
  })
})

describe('decodeTraces (OTLP/JSON by hand)', () => {
  it('accepts int64 as strings and as numbers, exactly', () => {
    const text =
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","startTimeUnixNano":1544712660123456789,"endTimeUnixNano":"1544712660123456999","attributes":[{"key":"big","value":{"intValue":9007199254740993}},{"key":"neg","value":{"intValue":"-9223372036854775808"}}]}]}]}]}'
    const { rows } = decodeTraces(Buffer.from(text), 'json')
    expect(rows[0]!.timestamp).toBe(1_544_712_660_123_456_789n)
    expect(rows[0]!.duration).toBe(210n)
    expect(rows[0]!.spanAttributes).toBe('{"big":9007199254740993,"neg":-9223372036854775808}')
  })

  it('lower-cases hex ids, reads snake_case names, ignores unknown fields, accepts enum names', () => {
    const body = {
      resource_spans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'cart' } }] },
          schema_url: 'https://opentelemetry.io/schemas/1.24.0',
          scope_spans: [
            {
              scope: { name: 'lib', version: '2' },
              spans: [
                {
                  trace_id: '5B8EFFF798038103D269B633813FC60C',
                  span_id: 'EEE19B7EC3C1B174',
                  parent_span_id: '0000000000000000',
                  name: 'op',
                  kind: 'SPAN_KIND_CONSUMER',
                  start_time_unix_nano: '10',
                  end_time_unix_nano: '5',
                  status: { code: 'STATUS_CODE_ERROR', message: 'x' },
                  future_field: { nested: [1, 2] },
                  attributes: [{ key: 'k', value: { bool_value: true }, extra: 1 }],
                },
              ],
            },
          ],
        },
      ],
      somethingNew: true,
    }
    const { rows, rejected } = decodeTraces(textBody(body), 'json')
    expect(rejected).toBe(0)
    expect(rows[0]).toMatchObject({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: '',
      spanKind: 'Consumer',
      statusCode: 'Error',
      serviceName: 'cart',
      resourceSchemaUrl: 'https://opentelemetry.io/schemas/1.24.0',
      scopeName: 'lib',
      scopeVersion: '2',
      spanAttributes: '{"k":true}',
      duration: 0n,
    })
  })

  it('writes every AnyValue type as JSON; last duplicate key wins', () => {
    const attributes = [
      { key: 'dup', value: { stringValue: 'first' } },
      { key: 's', value: { stringValue: 'a"b\\c\u0001' } },
      { key: 'nan', value: { doubleValue: 'NaN' } },
      { key: 'inf', value: { doubleValue: 'Infinity' } },
      { key: 'ninf', value: { doubleValue: '-Infinity' } },
      { key: 'd', value: { doubleValue: 1.5 } },
      { key: 'bytes', value: { bytesValue: 'AQID' } },
      { key: 'arr', value: { arrayValue: { values: [{ intValue: '1' }, { stringValue: 'x' }, {}] } } },
      { key: 'kv', value: { kvlistValue: { values: [{ key: 'inner', value: { boolValue: false } }] } } },
      { key: 'empty' },
      { key: 'dup', value: { stringValue: 'last' } },
    ]
    const { rows } = decodeTraces(textBody(request(span({ attributes }))), 'json')
    expect(JSON.parse(rows[0]!.spanAttributes)).toEqual({
      s: 'a"b\\c\u0001',
      nan: 'NaN',
      inf: 'Infinity',
      ninf: '-Infinity',
      d: 1.5,
      bytes: Buffer.from([1, 2, 3]).toString('base64'),
      arr: [1, 'x', null],
      kv: { inner: false },
      empty: null,
      dup: 'last',
    })
    expect(rows[0]!.serviceName).toBe('unknown_service')
  })

  it('treats an empty body as an empty request', () => {
    for (const format of ['json', 'protobuf'] as const) {
      expect(decodeTraces(new Uint8Array(0), format)).toEqual({ rows: [], rejected: 0, errorMessage: '' })
    }
  })

  it('accepts a charset-free UTF-8 body with non-ASCII text', () => {
    const { rows } = decodeTraces(textBody(request(span({ name: 'żółw 🐢' }))), 'json')
    expect(rows[0]!.spanName).toBe('żółw 🐢')
  })

  it.each([
    ['garbage', Buffer.from('{"resourceSpans": [}'), /^invalid JSON/],
    ['truncated', Buffer.from('{"resourceSpans": ['), /^invalid JSON/],
    [
      'invalid UTF-8',
      Buffer.concat([Buffer.from('{"resourceSpans":[],"x":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
      /invalid UTF-8/,
    ],
    ['a lone surrogate escape', Buffer.from('{"resourceSpans":[],"x":"\\ud800"}'), /surrogate/],
    ['a non-object body', Buffer.from('[1]'), /must be a JSON object/],
    ['a wrongly typed field', textBody({ resourceSpans: {} }), /"resourceSpans" must be an array/],
    ['a base64 trace id', textBody(request(span({ traceId: 'W47/95gDgQPSabYzgT/GDA==' }))), /hex/],
    [
      'AnyValue nesting beyond the limit',
      textBody(request(span({ attributes: [{ key: 'deep', value: deepValue(100) }] }))),
      /nested deeper/,
    ],
    ['a fractional int64', textBody(request(span({ startTimeUnixNano: 1.5 }))), /64-bit integer/],
  ])('refuses %s with OtlpDecodeError', (_name, body, message) => {
    expect(() => decodeTraces(body, 'json')).toThrow(OtlpDecodeError)
    expect(() => decodeTraces(body, 'json')).toThrow(message)
  })

  it('reports the position of a JSON syntax error', () => {
    expect(() => decodeTraces(Buffer.from('{"resourceSpans" []}'), 'json')).toThrow(/at position 17/)
  })
})

describe('decodeTraces validation (partial success)', () => {
  it('rejects spans with invalid ids and keeps the rest', () => {
    const spans = [
      span({ spanId: '0000000000000000' }),
      span({ traceId: '00000000000000000000000000000000', spanId: '1111111111111111' }),
      span({ traceId: 'abcd', spanId: '2222222222222222' }),
      span({ spanId: 'abcdef' }),
      span({ spanId: '3333333333333333' }),
    ]
    const decoded = decodeTraces(textBody(request(...spans)), 'json')
    expect(decoded.rows.map((r) => r.spanId)).toEqual(['3333333333333333'])
    expect(decoded.rejected).toBe(4)
    expect(decoded.errorMessage).toContain('invalid span id "0000000000000000"')
  })

  it('rejects a span with more attributes than the limit', () => {
    const attributes = Array.from({ length: 10_000 }, (_, i) => ({ key: `k${i}`, value: { intValue: i } }))
    const decoded = decodeTraces(
      textBody(request(span({ attributes }), span({ spanId: '4444444444444444' }))),
      'json',
    )
    expect(decoded.rows.map((r) => r.spanId)).toEqual(['4444444444444444'])
    expect(decoded.rejected).toBe(1)
    expect(decoded.errorMessage).toBe('span eee19b7ec3c1b174: 10000 attributes exceed the limit of 1024')
  })

  it('honours custom limits, on events too', () => {
    const events = [
      {
        name: 'e',
        attributes: [
          { key: 'a', value: { intValue: 1 } },
          { key: 'b', value: { intValue: 2 } },
        ],
      },
    ]
    const limits = { maxAttributes: 1, maxAttributeValueBytes: 10 }
    const decoded = decodeTraces(textBody(request(span({ events }))), 'json', limits)
    expect(decoded.rejected).toBe(1)
    expect(decoded.errorMessage).toContain('event 0: 2 attributes exceed the limit of 1')
  })

  it('rejects a span with a 5 MB attribute value, nested values included', () => {
    const big = 'x'.repeat(5 * 1024 * 1024)
    const nested = { arrayValue: { values: [{ stringValue: 'ok' }, { stringValue: big }] } }
    const decoded = decodeTraces(
      textBody(
        request(span({ attributes: [{ key: 'big', value: nested }] }), span({ spanId: '5555555555555555' })),
      ),
      'json',
    )
    expect(decoded.rows).toHaveLength(1)
    expect(decoded.rejected).toBe(1)
    expect(decoded.errorMessage).toContain(
      `an attribute value of ${big.length} bytes exceeds the limit of 65536 bytes`,
    )
  })

  it('measures the limit in UTF-8 bytes', () => {
    const limits = { maxAttributes: 10, maxAttributeValueBytes: 8 }
    const fits = decodeTraces(
      textBody(request(span({ attributes: [{ key: 'k', value: { stringValue: 'żżżż' } }] }))),
      'json',
      limits,
    )
    const over = decodeTraces(
      textBody(request(span({ attributes: [{ key: 'k', value: { stringValue: 'żżżżż' } }] }))),
      'json',
      limits,
    )
    expect([fits.rejected, over.rejected]).toEqual([0, 1])
  })

  it('rejects every span of a resource over the limit', () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x'.repeat(70_000) } }] },
          scopeSpans: [{ spans: [span(), span({ spanId: '6666666666666666' })] }],
        },
      ],
    }
    const decoded = decodeTraces(textBody(body), 'json')
    expect(decoded.rows).toEqual([])
    expect(decoded.rejected).toBe(2)
    expect(decoded.errorMessage).toMatch(/^resource of service x+: an attribute value of 70000 bytes/)
  })
})

describe('decodeTraces (malformed protobuf)', () => {
  const body = serialize(sdkSpans(), 'protobuf')

  it('refuses a truncated body', () => {
    expect(() => decodeTraces(body.subarray(0, body.length - 7), 'protobuf')).toThrow(
      /^truncated protobuf: index out of range/,
    )
  })

  it('refuses invalid UTF-8 in a string field', () => {
    const bad = Buffer.from(body)
    const at = bad.indexOf('GET /cart')
    bad[at + 4] = 0xff
    expect(() => decodeTraces(bad, 'protobuf')).toThrow(OtlpDecodeError)
    expect(() => decodeTraces(bad, 'protobuf')).toThrow('invalid UTF-8 in string field')
  })

  it('refuses garbage', () => {
    expect(() => decodeTraces(Buffer.from('{"resourceSpans":[]}'), 'protobuf')).toThrow(OtlpDecodeError)
  })

  it('rejects invalid span ids found in protobuf', () => {
    const spans = sdkSpans()
    const bad = Buffer.from(serialize(spans, 'protobuf'))
    const id = Buffer.from(spans[0]!.spanContext().spanId, 'hex')
    bad.fill(0, bad.indexOf(id), bad.indexOf(id) + 8)
    const decoded = decodeTraces(bad, 'protobuf')
    expect(decoded.rejected).toBe(1)
    expect(decoded.rows).toHaveLength(spans.length - 1)
  })
})
