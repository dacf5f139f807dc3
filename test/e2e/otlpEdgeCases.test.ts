import { gzipSync } from 'node:zlib'
import protobuf from 'protobufjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CollectorProcess, startCollector, tempDataDir } from '../support/collectorProcess.js'
import { jsonTraceRequest, randomHex } from '../support/otlpJson.js'

const bodyLimit = 8 * 1024 * 1024

/** google.rpc.Status, the body of every OTLP error response. */
const Status = new protobuf.Type('Status')
  .add(new protobuf.Field('code', 1, 'int32'))
  .add(new protobuf.Field('message', 2, 'string'))

describe('OTLP/HTTP edge cases and hostile input against the collector process', () => {
  const data = tempDataDir()
  let collector: CollectorProcess
  const anchor = { traceId: randomHex(16), spanId: randomHex(8) }

  const post = (body: Uint8Array | string, headers: Record<string, string>) =>
    fetch(`${collector.url}/v1/traces`, { method: 'POST', body, headers })
  const postJson = (request: unknown, contentType = 'application/json') =>
    post(JSON.stringify(request), { 'content-type': contentType })
  const storedSpans = async (traceId: string) => {
    const response = await fetch(`${collector.url}/api/traces/${traceId}`)
    return response.status === 404
      ? []
      : ((await response.json()) as { spans: Record<string, unknown>[] }).spans
  }

  /** After every hostile request the process still serves and what it accepted before is intact. */
  const expectStillServingWithAnchor = async () => {
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200)
    expect(await storedSpans(anchor.traceId)).toHaveLength(1)
  }

  beforeAll(async () => {
    collector = await startCollector({ dataDir: data.dir, env: { VIGIL_BODY_LIMIT: String(bodyLimit) } })
    const response = await postJson(jsonTraceRequest([{ ...anchor, name: 'anchor' }]))
    expect(response.status).toBe(200)
  })
  afterAll(async () => {
    await collector?.stop()
    data.remove()
  })

  it('accepts JSON with a charset parameter, 64-bit integers as strings and unknown fields', async () => {
    const ids = { traceId: randomHex(16), spanId: randomHex(8) }
    const request = jsonTraceRequest(
      [
        {
          ...ids,
          name: 'charset',
          startNs: '1700000000123456789',
          attributes: [
            { key: 'big', value: { intValue: '9007199254740993' } },
            { key: 'small', value: { intValue: 42 } },
            { key: 'ratio', value: { doubleValue: 0.25 } },
            { key: 'future', value: { stringValue: 'x' }, somethingNew: true },
          ],
        },
      ],
      'charset-service',
    )
    ;(request as { futureTopLevel?: unknown }).futureTopLevel = { nested: [1, 2] }
    const response = await postJson(request, 'application/json; charset=utf-8')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const [span] = await storedSpans(ids.traceId)
    expect(span).toMatchObject({
      spanId: ids.spanId,
      startTimeUnixNano: '1700000000123456789',
      endTimeUnixNano: (1700000000123456789n + 2_500_000n).toString(),
      serviceName: 'charset-service',
    })
    expect(span!.attributes).toEqual({ big: '9007199254740993', small: 42, ratio: 0.25, future: 'x' })
  })

  it('accepts gzip-compressed JSON', async () => {
    const ids = { traceId: randomHex(16), spanId: randomHex(8) }
    const body = gzipSync(JSON.stringify(jsonTraceRequest([{ ...ids, name: 'gzipped' }])))
    const response = await post(body, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
    expect(response.status).toBe(200)
    expect(await storedSpans(ids.traceId)).toHaveLength(1)
  })

  it('answers 400 with a google.rpc.Status for truncated protobuf', async () => {
    // A length-delimited field (resource_spans, tag 1) that claims 200 bytes and carries 3.
    const truncated = Uint8Array.from([0x0a, 0xc8, 0x01, 0x0a, 0x02, 0x08])
    const response = await post(truncated, { 'content-type': 'application/x-protobuf' })
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('application/x-protobuf')
    const status = Status.decode(new Uint8Array(await response.arrayBuffer())) as unknown as {
      message: string
    }
    expect(status.message).not.toBe('')
    await expectStillServingWithAnchor()
  })

  it('answers 415 for another content type or encoding', async () => {
    expect((await post('<spans/>', { 'content-type': 'application/xml' })).status).toBe(415)
    expect((await post('{}', { 'content-type': 'application/json', 'content-encoding': 'br' })).status).toBe(
      415,
    )
    await expectStillServingWithAnchor()
  })

  it('answers 413 above the body limit, before and after decompression (gzip bomb)', async () => {
    const oversize = JSON.stringify({ resourceSpans: [], padding: 'x'.repeat(bodyLimit + 1) })
    expect((await post(oversize, { 'content-type': 'application/json' })).status).toBe(413)
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20))
    expect(bomb.length).toBeLessThan(bodyLimit)
    const response = await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
    expect(response.status).toBe(413)
    await expectStillServingWithAnchor()
  })

  it('rejects a span with 10 000 attributes as partial success and keeps its neighbours', async () => {
    const good = { traceId: randomHex(16), spanId: randomHex(8), name: 'neighbour' }
    const attributes = Array.from({ length: 10_000 }, (_, i) => ({ key: `k${i}`, value: { intValue: i } }))
    const hostile = { traceId: randomHex(16), spanId: randomHex(8), name: 'too-many', attributes }
    const response = await postJson(jsonTraceRequest([good, hostile]))
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      partialSuccess?: { rejectedSpans?: string; errorMessage?: string }
    }
    expect(body.partialSuccess?.rejectedSpans).toBe('1')
    expect(body.partialSuccess?.errorMessage).toMatch(/attribute/)
    expect(await storedSpans(good.traceId)).toHaveLength(1)
    expect(await storedSpans(hostile.traceId)).toHaveLength(0)
    await expectStillServingWithAnchor()
  })

  it('rejects a span with a 5 MB attribute value as partial success', async () => {
    const hostile = {
      traceId: randomHex(16),
      spanId: randomHex(8),
      name: 'huge-value',
      attributes: [{ key: 'blob', value: { stringValue: 'y'.repeat(5 * 1024 * 1024) } }],
    }
    const response = await postJson(jsonTraceRequest([hostile]))
    expect(response.status).toBe(200)
    const body = (await response.json()) as { partialSuccess?: { rejectedSpans?: string } }
    expect(body.partialSuccess?.rejectedSpans).toBe('1')
    expect(await storedSpans(hostile.traceId)).toHaveLength(0)
    await expectStillServingWithAnchor()
  })

  it('answers 400 for invalid UTF-8 in JSON and in protobuf strings', async () => {
    const json = Buffer.concat([
      Buffer.from('{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}]}]}]}'),
    ])
    expect((await post(json, { 'content-type': 'application/json' })).status).toBe(400)
    // resource_spans { scope_spans { spans { trace_id, span_id, name = <invalid UTF-8> } } }
    const span = Buffer.concat([
      Buffer.from([0x0a, 16]),
      Buffer.from(randomHex(16), 'hex'),
      Buffer.from([0x12, 8]),
      Buffer.from(randomHex(8), 'hex'),
      Buffer.from([0x2a, 2, 0xc3, 0x28]),
    ])
    const scopeSpans = Buffer.concat([Buffer.from([0x12, span.length]), span])
    const resourceSpans = Buffer.concat([Buffer.from([0x12, scopeSpans.length]), scopeSpans])
    const request = Buffer.concat([Buffer.from([0x0a, resourceSpans.length]), resourceSpans])
    expect((await post(request, { 'content-type': 'application/x-protobuf' })).status).toBe(400)
    await expectStillServingWithAnchor()
  })

  it('treats an empty body as an empty export request', async () => {
    const response = await post(new Uint8Array(0), { 'content-type': 'application/x-protobuf' })
    expect(response.status).toBe(200)
    await expectStillServingWithAnchor()
  })

  it('counts on /metrics what it received and refused, its commits, queue, database and process', async () => {
    const figure = async (name: string): Promise<number> => {
      const text = await (await fetch(`${collector.url}/metrics`)).text()
      const line = text.split('\n').find((l) => l.startsWith(`${name} `))
      expect(line, `${name} on /metrics`).toBeDefined()
      return Number(line!.slice(name.length + 1))
    }
    const received = 'vigil_received_items_total{signal="traces"}'
    const invalid = 'vigil_rejected_total{signal="traces",reason="invalid"}'
    const requests = 'vigil_requests_total{signal="traces"}'
    const before = {
      received: await figure(received),
      invalid: await figure(invalid),
      requests: await figure(requests),
    }
    const spans = [0, 1, 2].map((i) => ({
      traceId: randomHex(16),
      spanId: randomHex(8),
      name: `counted ${i}`,
    }))
    expect((await postJson(jsonTraceRequest(spans))).status).toBe(200)
    expect(
      (await post(Uint8Array.from([0x0a, 0xc8, 0x01]), { 'content-type': 'application/x-protobuf' })).status,
    ).toBe(400)
    expect(await figure(received)).toBe(before.received + 3)
    expect(await figure(invalid)).toBe(before.invalid + 1)
    expect(await figure(requests)).toBe(before.requests + 2)
    expect(await figure('vigil_commits_total')).toBeGreaterThan(0)
    expect(await figure('vigil_commit_seconds_total')).toBeGreaterThan(0)
    expect(await figure('vigil_write_queue_rows')).toBeGreaterThanOrEqual(0)
    expect(await figure('vigil_database_bytes')).toBeGreaterThan(0)
    expect(await figure('process_resident_memory_bytes')).toBeGreaterThan(0)
    expect(await figure('nodejs_heap_size_used_bytes')).toBeGreaterThan(0)
  })
})
