import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeJson } from './decodeJson.js'
import { decodeTraces } from './decodeTraces.js'
import { jsonSpanRows } from './jsonSpanRows.js'
import { jsonTraceRequest } from './jsonTraces.js'
import type { OtlpLimits } from './limits.js'
import { spanRowsFromMessages } from './spanRowsFromMessages.js'
import { sdkSpans } from './testing/sdkSpans.js'

/** The reference path: request objects from the parsed JSON, then rows from the objects. */
const reference = (body: Uint8Array, limits: OtlpLimits) =>
  spanRowsFromMessages(decodeJson(body, jsonTraceRequest), limits)

type Outcome = { ok: unknown } | { error: string }
const outcome = (run: () => unknown): Outcome => {
  try {
    return { ok: run() }
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` }
  }
}

const defaults = { maxAttributes: 1024, maxAttributeValueBytes: 65_536 }

/**
 * A JSON integer literal of any size, written into the text as it is (JSON.stringify cannot write one past
 * 2^53): the value is a placeholder string that `toBody` unquotes.
 */
const literal = (digits: bigint | number): string => `@@${digits}@@`
const toBody = (request: unknown): Buffer =>
  Buffer.from(JSON.stringify(request).replace(/"@@(-?[\d.e+]+)@@"/g, '$1'))

const text = fc.oneof(
  fc.constantFrom('', 'GET', '/cart', 'x'.repeat(50), 'żółw 🐢', 'a"b\\c\n\u0001'),
  fc.string({ maxLength: 10 }),
)
/** Now and then a value of the wrong JSON type or null, which the reference refuses or reads as absent. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 20, arbitrary }, { weight: 1, arbitrary: fc.constantFrom(null, 7, true, 'x', [], {}) })
const int64 = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
  fc.integer({ min: 0, max: 2 ** 40 }),
  // Past 2^53 as a JSON number: rounded by a plain parse, exact in the reference.
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 63n }).map(literal),
  fc.constantFrom('-0', '0012', literal(0), literal('1.5e3' as unknown as number), 1.5),
)
const count = fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 99 }).map(String))
const hex = (bytes: number) =>
  fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .uint8Array({ minLength: bytes, maxLength: bytes })
        .map((b) => Buffer.from(b).toString('hex')),
    },
    { weight: 1, arbitrary: fc.constant('0'.repeat(bytes * 2)) },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ minLength: bytes, maxLength: bytes })
        .map((b) => Buffer.from(b).toString('hex').toUpperCase()),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b).toString('hex')) },
    { weight: 1, arbitrary: fc.constantFrom('', 'xyz', 'abc') },
  )
const key = fc.constantFrom('service.name', 'http.route', 'dup', 'a', '', 'k"ey')

const scalar = fc.oneof(
  fc.record({ stringValue: sometimes(text) }),
  fc.record({ string_value: text }),
  fc.record({ boolValue: sometimes(fc.boolean()) }),
  fc.record({ intValue: int64 }),
  fc.record({ int_value: fc.integer() }),
  fc.record({
    doubleValue: fc.oneof(
      fc.double({ noDefaultInfinity: true, noNaN: true }),
      fc.constantFrom('NaN', 'Infinity', '-1.5e3'),
    ),
  }),
  fc.record({ bytesValue: fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('base64')) }),
  fc.record({ stringValue: fc.constant(null), boolValue: fc.boolean() }),
  fc.record({ boolValue: fc.constant(null), bool_value: fc.boolean() }),
  fc.constant({}),
)
const { kv } = fc.letrec<{ value: object; kv: object }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    scalar,
    fc.record({
      arrayValue: fc.record({
        values: fc.array(fc.oneof(tie('value'), fc.constant(null)), { maxLength: 3 }),
      }),
    }),
    fc.record({ kvlistValue: fc.record({ values: fc.array(tie('kv'), { maxLength: 3 }) }) }),
  ),
  kv: fc.record({ key, value: sometimes(tie('value')) }, { requiredKeys: ['key'] }),
}))
const attributes = fc.oneof(
  { weight: 6, arbitrary: fc.array(kv, { maxLength: 5 }) },
  // Past the 16 entries where repeated keys are found with a set.
  { weight: 1, arbitrary: fc.array(kv, { minLength: 17, maxLength: 20 }) },
)

const event = fc.record(
  { timeUnixNano: int64, name: sometimes(text), attributes, droppedAttributesCount: count },
  { requiredKeys: [] },
)
const link = fc.record(
  { traceId: hex(16), spanId: hex(8), traceState: text, attributes, flags: count },
  { requiredKeys: [] },
)
const span = fc.record(
  {
    traceId: hex(16),
    spanId: hex(8),
    span_id: hex(8),
    parentSpanId: fc.oneof(hex(8), fc.constant('')),
    traceState: text,
    name: sometimes(text),
    kind: fc.oneof(fc.integer({ min: -1, max: 7 }), fc.constantFrom('SPAN_KIND_SERVER', 'NOPE')),
    startTimeUnixNano: int64,
    end_time_unix_nano: int64,
    endTimeUnixNano: int64,
    attributes: sometimes(attributes),
    droppedAttributesCount: count,
    events: fc.array(event, { maxLength: 2 }),
    links: fc.array(link, { maxLength: 2 }),
    status: fc.record(
      { message: text, code: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.constant('STATUS_CODE_ERROR')) },
      { requiredKeys: [] },
    ),
    unknownField: fc.anything({ maxDepth: 1 }),
  },
  { requiredKeys: ['traceId', 'spanId'] },
)
const scope = fc.record({ name: text, version: text, attributes }, { requiredKeys: [] })
const request = fc.record({
  resourceSpans: fc.array(
    fc.record(
      {
        resource: fc.record({ attributes, droppedAttributesCount: count }, { requiredKeys: [] }),
        schemaUrl: text,
        scopeSpans: fc.array(
          fc.record({ scope, spans: fc.array(span, { maxLength: 4 }) }, { requiredKeys: [] }),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 2 },
  ),
})
const limits = fc.oneof(
  fc.constant(defaults),
  fc.record({
    maxAttributes: fc.integer({ min: 0, max: 12 }),
    maxAttributeValueBytes: fc.integer({ min: 0, max: 40 }),
  }),
)

describe('jsonSpanRows against the reference path', () => {
  it('gives the reference rows when it answers, and decodeTraces the reference result always', () => {
    let answered = 0
    fc.assert(
      fc.property(request, limits, (req, lim) => {
        const body = toBody(req)
        const expected = outcome(() => reference(body, lim))
        const fast = jsonSpanRows(body, lim)
        if (fast !== undefined) {
          answered++
          expect({ ok: fast }).toStrictEqual(expected)
        }
        expect(outcome(() => decodeTraces(body, 'json', lim))).toStrictEqual(expected)
      }),
      { numRuns: 500 },
    )
    // The generator is not so hostile that the direct path never runs.
    expect(answered).toBeGreaterThan(50)
  })

  it('declines truncated and corrupted bodies, which decode as in the reference', () => {
    fc.assert(
      fc.property(
        request,
        fc.nat(),
        fc.integer({ min: 32, max: 126 }),
        fc.boolean(),
        (req, at, byte, cut) => {
          const body = toBody(req)
          const bad = cut ? body.subarray(0, at % body.length) : Buffer.from(body)
          if (!cut) bad[at % body.length] = byte
          expect(outcome(() => decodeTraces(bad, 'json'))).toStrictEqual(
            outcome(() => reference(bad, defaults)),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  it('answers for spans from the OpenTelemetry SDK and its JSON serializer, as the reference does', () => {
    // Integral doubles are sent as intValue: within 2^53, as here, a JSON number reads exactly.
    fc.assert(
      fc.property(sdkSpans(fc.double({ min: -1e12, max: 1e12, noNaN: true })), (spans) => {
        const body = Buffer.from(JsonTraceSerializer.serializeRequest(spans)!)
        const fast = jsonSpanRows(body, defaults)
        expect(fast).toBeDefined()
        expect(fast).toStrictEqual(reference(body, defaults))
      }),
      { numRuns: 40 },
    )
  })

  it('declines an int64 sent as a JSON number past 2^53, which only the reference reads exactly', () => {
    const body = toBody({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '1'.repeat(32),
                  spanId: '2'.repeat(16),
                  startTimeUnixNano: literal(1796684156490000001n),
                  attributes: [{ key: 'big', value: { intValue: literal(9007199254740993n) } }],
                },
              ],
            },
          ],
        },
      ],
    })
    expect(jsonSpanRows(body, defaults)).toBeUndefined()
    const [row] = decodeTraces(body, 'json').rows
    expect(row!.timestamp).toBe(1796684156490000001n)
    expect(row!.spanAttributes).toBe('{"big":9007199254740993}')
  })
})
