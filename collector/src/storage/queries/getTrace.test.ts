import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStorage } from '../openStorage.js'
import type { Storage } from '../Storage.js'
import { ns, spanRow } from '../testing/rows.js'
import { tempDir } from '../testing/tempDir.js'

describe('getTrace', () => {
  let storage: Storage
  let remove: () => Promise<void>

  beforeEach(async () => {
    const temp = await tempDir()
    remove = temp.remove
    storage = await openStorage({ dataDir: temp.dir })
  })

  afterEach(async () => {
    await storage.close()
    await remove()
  })

  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
  const attributes = {
    'http.route': '/cart',
    'http.status_code': 200,
    ratio: 0.25,
    negative: -7,
    ok: true,
    no: false,
    'bytes.value': 'AAEC/w==',
    big: '9223372036854775807',
    'big.negative': '-9223372036854775808',
    'at.2^53': '9007199254740992',
    'below.2^53': 9007199254740991,
    list: ['a', 1, true, { nested: 18446744073709551615n.toString() }],
    kv: { inner: 'v', n: 3, deeper: { flag: false } },
    empty: '',
    quote: 'he said "hi" \\ \u2603 \n',
  }
  // Integers beyond 2^53 are written as JSON numbers, exactly as a decoder emits int64 values.
  const attributesJson = JSON.stringify(attributes)
    .replace('"9223372036854775807"', '9223372036854775807')
    .replace('"-9223372036854775808"', '-9223372036854775808')
    .replace('"9007199254740992"', '9007199254740992')
    .replace('"18446744073709551615"', '18446744073709551615')

  it('returns every field of every span, typed, ordered by start', async () => {
    const start = ns('2026-03-01T12:00:00Z') + 123_456_789n
    const root = spanRow(0, {
      traceId,
      spanId: '00f067aa0ba902b7',
      timestamp: start,
      duration: 5_000_000_123n,
      traceState: 'vendor=a',
      flags: 1,
      spanName: 'POST /cart',
      spanKind: 'Server',
      serviceName: 'cart',
      resourceAttributes: '{"service.name":"cart","host.cpu":4}',
      resourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
      scopeName: '@vigil/sdk-node',
      scopeVersion: '0.1.0',
      scopeAttributes: '{"scope.attr":1.5}',
      spanAttributes: attributesJson,
      statusCode: 'Error',
      statusMessage: 'boom',
      events: [
        {
          timestamp: start + 1n,
          name: 'exception',
          attributes: '{"exception.type":"Error"}',
          droppedAttributesCount: 2,
        },
        {
          timestamp: start + 9_007_199_254_740_993n,
          name: 'late',
          attributes: '{}',
          droppedAttributesCount: 0,
        },
      ],
      links: [
        {
          traceId: 'ffffffffffffffffffffffffffffffff',
          spanId: '0000000000000001',
          traceState: 'k=v',
          attributes: '{"link.n":12345678901234567890}',
          droppedAttributesCount: 1,
          flags: 257,
        },
      ],
      droppedAttributesCount: 3,
      droppedEventsCount: 4,
      droppedLinksCount: 5,
    })
    const child = spanRow(1, {
      traceId,
      spanId: '1111111111111111',
      parentSpanId: '00f067aa0ba902b7',
      timestamp: start + 10n,
      spanKind: 'Client',
    })
    const other = spanRow(2, { traceId: 'a'.repeat(32) })
    await storage.write({ spans: [child, other, root] })

    const spans = await storage.getTrace(traceId)
    expect(spans.map((s) => s.spanId)).toEqual([root.spanId, child.spanId])
    expect(spans[0]).toEqual({
      traceId,
      spanId: root.spanId,
      parentSpanId: '',
      traceState: 'vendor=a',
      flags: 1,
      name: 'POST /cart',
      kind: 'Server',
      serviceName: 'cart',
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + 5_000_000_123n).toString(),
      durationNano: '5000000123',
      status: { code: 'Error', message: 'boom' },
      attributes,
      resource: {
        attributes: { 'service.name': 'cart', 'host.cpu': 4 },
        schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
      },
      scope: { name: '@vigil/sdk-node', version: '0.1.0', attributes: { 'scope.attr': 1.5 } },
      events: [
        {
          timeUnixNano: (start + 1n).toString(),
          name: 'exception',
          attributes: { 'exception.type': 'Error' },
          droppedAttributesCount: 2,
        },
        {
          timeUnixNano: (start + 9_007_199_254_740_993n).toString(),
          name: 'late',
          attributes: {},
          droppedAttributesCount: 0,
        },
      ],
      links: [
        {
          traceId: 'ffffffffffffffffffffffffffffffff',
          spanId: '0000000000000001',
          traceState: 'k=v',
          attributes: { 'link.n': '12345678901234567890' },
          droppedAttributesCount: 1,
          flags: 257,
        },
      ],
      droppedAttributesCount: 3,
      droppedEventsCount: 4,
      droppedLinksCount: 5,
    })
    expect(spans[1]?.parentSpanId).toBe(root.spanId)
    expect(spans[1]?.kind).toBe('Client')
  })

  it('returns an empty list for an unknown trace', async () => {
    await storage.write({ spans: [spanRow(0)] })
    expect(await storage.getTrace('b'.repeat(32))).toEqual([])
  })

  it('treats the trace id as a value, never as SQL', async () => {
    await storage.write({ spans: [spanRow(0)] })
    expect(await storage.getTrace("' OR '1'='1")).toEqual([])
  })
})
