import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import fc from 'fast-check'
import protobuf from 'protobufjs/minimal.js'
import { describe, expect, it } from 'vitest'
import { decodeProtobuf } from './decodeProtobuf.js'
import { decodeTraces } from './decodeTraces.js'
import type { OtlpLimits } from './limits.js'
import { protoMessages, protoRoot } from './protoRoot.js'
import { readSpanRows } from './readSpanRows.js'
import { spanRowsFromMessages } from './spanRowsFromMessages.js'
import { sdkSpans } from './testing/sdkSpans.js'

/** The reference path: the generated object-building decoder, then the object-to-row conversion. */
const reference = (body: Uint8Array, limits: OtlpLimits) =>
  spanRowsFromMessages(decodeProtobuf(body, protoRoot.traceRequest), limits)

type Outcome = { ok: unknown } | { error: string }
const outcome = (run: () => unknown): Outcome => {
  try {
    return { ok: run() }
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` }
  }
}

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/** protobufjs writes 64-bit fields from low/high words. */
const long = (value: bigint) => ({
  low: Number(BigInt.asUintN(32, value)) | 0,
  high: Number(BigInt.asUintN(32, value >> 32n)) | 0,
  unsigned: false,
})

const text = fc.oneof(
  fc.constantFrom('', 'GET', '/cart', 'checkout', 'x'.repeat(70), 'żółw 🐢', 'a"b\\c\n\u0001'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
)
/** Now and then a lone surrogate, which encodes to invalid UTF-8 that both paths must refuse. */
const spanName = fc.oneof(
  { weight: 30, arbitrary: text },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
)
const key = fc.constantFrom('service.name', 'http.route', 'dup', 'a', '', 'k"ey', 'żółw')

const scalar = fc.oneof(
  fc.record({ stringValue: text }),
  fc.record({ boolValue: fc.boolean() }),
  fc.record({ intValue: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(long) }),
  fc.record({ intValue: fc.integer({ min: 0, max: 100_000 }) }),
  fc.record({ doubleValue: fc.double() }),
  fc.record({ bytesValue: fc.uint8Array({ maxLength: 24 }) }),
  fc.constant({}),
)
const { kv } = fc.letrec<{ value: object; kv: object }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    scalar,
    fc.record({ arrayValue: fc.record({ values: fc.array(tie('value'), { maxLength: 3 }) }) }),
    fc.record({ kvlistValue: fc.record({ values: fc.array(tie('kv'), { maxLength: 4 }) }) }),
  ),
  kv: fc.record({ key, value: tie('value') }, { requiredKeys: ['key'] }),
}))
const attributes = fc.oneof(
  { weight: 5, arbitrary: fc.array(kv, { maxLength: 6 }) },
  // Past the 16 entries where duplicate keys are found with a Map.
  { weight: 1, arbitrary: fc.array(kv, { minLength: 17, maxLength: 24 }) },
)

const id = (bytes: number) =>
  fc.oneof(
    { weight: 10, arbitrary: fc.uint8Array({ minLength: bytes, maxLength: bytes }) },
    { weight: 1, arbitrary: fc.constant(new Uint8Array(bytes)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 20 }) },
  )
const time = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(long)
const count = fc.integer({ min: 0, max: 2 ** 31 })

const event = fc.record(
  { timeUnixNano: time, name: text, attributes, droppedAttributesCount: count },
  { requiredKeys: [] },
)
const link = fc.record(
  { traceId: id(16), spanId: id(8), traceState: text, attributes, droppedAttributesCount: count },
  { requiredKeys: [] },
)
const span = fc.record(
  {
    traceId: id(16),
    spanId: id(8),
    traceState: text,
    parentSpanId: id(8),
    name: spanName,
    kind: fc.integer({ min: -1, max: 7 }),
    startTimeUnixNano: time,
    endTimeUnixNano: time,
    attributes,
    droppedAttributesCount: count,
    events: fc.array(event, { maxLength: 3 }),
    droppedEventsCount: count,
    links: fc.array(link, { maxLength: 2 }),
    droppedLinksCount: count,
    status: fc.record({ message: text, code: fc.integer({ min: -1, max: 4 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: ['traceId', 'spanId'] },
)
const scope = fc.record(
  { name: text, version: text, attributes, droppedAttributesCount: count },
  { requiredKeys: [] },
)
/** Fields written before a message's own, which its own then override (or extend, when repeated). */
const decoy = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { freq: 3, nil: undefined })
const spanWithDecoy = fc.record({ span, decoy: decoy(span) }).map(({ span, decoy }) => ({ ...span, decoy }))
const scopeSpans = fc.record(
  {
    scope,
    spans: fc.array(spanWithDecoy, { maxLength: 4 }),
    schemaUrl: text,
    decoy: decoy(fc.record({ scope, schemaUrl: text }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
)
const resource = fc.record({ attributes, droppedAttributesCount: count }, { requiredKeys: [] })
const resourceSpans = fc.record(
  {
    resource,
    scopeSpans: fc.array(scopeSpans, { maxLength: 3 }),
    schemaUrl: text,
    decoy: decoy(fc.record({ resource, schemaUrl: text }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
)
const limits = fc.oneof(
  fc.constant({ maxAttributes: 1024, maxAttributeValueBytes: 65_536 }),
  fc.record({
    maxAttributes: fc.integer({ min: 0, max: 20 }),
    maxAttributeValueBytes: fc.integer({ min: 0, max: 40 }),
  }),
)

// Field numbers of the OTLP spec, written here independently of the code under test.
const embed = (field: number, bytes: Uint8Array): Uint8Array =>
  protobuf.Writer.create()
    .uint32((field << 3) | 2)
    .bytes(bytes)
    .finish()

/**
 * A request encoded by the generated encoder, with each `ResourceSpans`, `ScopeSpans` and `Span`
 * optionally split in two halves written in reverse order, so that the resource, the scope and span
 * fields come after what normally follows them, and preceded by its decoy's fields (still one valid
 * message: protobuf concatenation).
 */
const encodeRequest = (request: { resourceSpans: object[] }, order: number): Buffer => {
  let bit = 0
  const split = (type: { encode(message: object): protobuf.Writer }, withDecoy: object): Uint8Array => {
    const { decoy, ...message } = withDecoy as { decoy?: object }
    const before = decoy === undefined ? [] : [type.encode(decoy).finish()]
    const flip = (order >> (bit++ % 30)) & 1
    if (!flip) return Buffer.concat([...before, type.encode(message).finish()])
    const entries = Object.entries(message)
    const first = Object.fromEntries(entries.filter((_, i) => i % 2 === 0))
    const second = Object.fromEntries(entries.filter((_, i) => i % 2 === 1))
    return Buffer.concat([...before, type.encode(second).finish(), type.encode(first).finish()])
  }
  const parts = request.resourceSpans.map((rs) => {
    const { scopeSpans: scopes = [], ...rest } = rs as { scopeSpans?: object[] }
    const scopeParts = scopes.map((ss) => {
      const { spans = [], ...ssRest } = ss as { spans?: object[] }
      const spanParts = spans.map((s) => embed(2, split(protoMessages.span, s)))
      return embed(2, Buffer.concat([...spanParts, split(protoMessages.scopeSpans, ssRest)]))
    })
    const head = split(protoMessages.resourceSpans, rest)
    return embed(1, Buffer.concat(order & 1 ? [...scopeParts, head] : [head, ...scopeParts]))
  })
  return Buffer.concat(parts)
}
const request = fc.record({ resourceSpans: fc.array(resourceSpans, { maxLength: 3 }) })

describe('readSpanRows against the reference decoder', () => {
  it('gives the same rows, rejections and messages for random requests', () => {
    fc.assert(
      fc.property(request, fc.nat(), limits, (req, order, lim) => {
        const body = encodeRequest(req, order)
        const expected = outcome(() => reference(body, lim))
        const fast = readSpanRows(body, lim)
        if ('error' in expected) {
          expect(fast).toBeNull()
        } else {
          expect(fast).not.toBeNull()
          expect(fast).toStrictEqual(expected.ok)
        }
        expect(outcome(() => decodeTraces(body, 'protobuf', lim))).toStrictEqual(expected)
      }),
      { numRuns: 400 },
    )
  })

  it('gives the same result or error for truncated and corrupted bodies', () => {
    fc.assert(
      fc.property(
        request,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        (req, at, order, byte, cut) => {
          const body = Buffer.from(encodeRequest(req, order))
          if (body.length === 0) return
          const bad = cut ? body.subarray(0, at % body.length) : body
          if (!cut) bad[at % body.length] = byte
          expect(outcome(() => decodeTraces(bad, 'protobuf'))).toStrictEqual(
            outcome(() => reference(bad, { maxAttributes: 1024, maxAttributeValueBytes: 65_536 })),
          )
        },
      ),
      { numRuns: 600 },
    )
  })

  it('matches on spans from the OpenTelemetry SDK and serializer, newer flags fields included', () => {
    fc.assert(
      fc.property(sdkSpans(), (spans) => {
        const body = asBuffer(ProtobufTraceSerializer.serializeRequest(spans)!)
        const lim = { maxAttributes: 1024, maxAttributeValueBytes: 65_536 }
        const fast = readSpanRows(body, lim)
        expect(fast).toStrictEqual(reference(body, lim))
        expect(fast!.rows.every((r) => r.flags === 0x101 && r.links.every((l) => l.flags === 0x101))).toBe(
          true,
        )
      }),
      { numRuns: 40 },
    )
  })
})

describe('readSpanRows leaves to the reference decoder', () => {
  const nested = (levels: number): object => {
    let value: object = { stringValue: 'leaf' }
    for (let i = 0; i < levels; i++) value = { arrayValue: { values: [value] } }
    return value
  }
  const body = (value: object, spanId = new Uint8Array(8).fill(1)) =>
    encodeRequest(
      {
        resourceSpans: [
          {
            scopeSpans: [
              { spans: [{ traceId: new Uint8Array(16).fill(1), spanId, attributes: [{ key: 'k', value }] }] },
            ],
          },
        ],
      },
      0,
    )

  it('values nested past the limit: the reference path throws, or ignores them in a rejected span', () => {
    const limits = { maxAttributes: 1024, maxAttributeValueBytes: 65_536 }
    expect(readSpanRows(body(nested(64)), limits)).not.toBeNull()
    expect(readSpanRows(body(nested(65)), limits)).toBeNull()
    expect(() => decodeTraces(body(nested(65)), 'protobuf')).toThrow(/nested deeper than 64/)
    // A span with an invalid id is rejected before its attributes are looked at.
    expect(decodeTraces(body(nested(65), new Uint8Array(8)), 'protobuf').rejected).toBe(1)
  })

  it('an AnyValue with two members of its oneof', () => {
    const twoMembers = { stringValue: 'a', intValue: 3 }
    const limits = { maxAttributes: 1024, maxAttributeValueBytes: 65_536 }
    expect(readSpanRows(body(twoMembers), limits)).toBeNull()
    expect(decodeTraces(body(twoMembers), 'protobuf').rows[0]!.spanAttributes).toBe('{"k":"a"}')
  })
})
