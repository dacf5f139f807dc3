import { Writable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { RumLimits } from '@vigil/protocol'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RumApp } from '../rum/RumApp.js'
import type { RumStore } from '../rum/RumStore.js'
import { connectionRumStore } from '../rum/testing/connectionRumStore.js'
import { sampleBatch, sampleEvent, sampleSentAt } from '../rum/testing/sampleBatch.js'
import { QueueFullError } from '../storage/QueueFullError.js'
import { rumPreflightMaxAge, rumRoutes } from './rum.js'

const apps: RumApp[] = [
  { name: 'shop', key: 'shop-key', allowedOrigins: ['https://shop.example'] },
  { name: 'admin', key: 'admin-key', allowedOrigins: ['*'] },
]
const shopOrigin = 'https://shop.example'
const ua =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

describe('POST /rum/v1/events', () => {
  let store: Awaited<ReturnType<typeof connectionRumStore>>
  let app: FastifyInstance
  let logs: string[]

  const build = async (options: { apps?: RumApp[]; store?: RumStore; now?: number } = {}) => {
    logs = []
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk))
        done()
      },
    })
    const instance = Fastify({ logger: { level: 'info', stream } })
    await instance.register(rumRoutes, {
      apps: options.apps ?? apps,
      store: options.store ?? store,
      retryAfterMs: 2000,
      now: () => options.now ?? sampleSentAt + 50,
    })
    return instance
  }

  beforeEach(async () => {
    store = await connectionRumStore()
    app = await build()
  })

  afterEach(async () => {
    await app.close()
    await store.close()
  })

  const keyed = (events?: Parameters<typeof sampleBatch>[0]) => sampleBatch(events, { key: 'shop-key' })
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/rum/v1/events',
      headers: { 'content-type': 'application/json', origin: shopOrigin, 'user-agent': ua, ...headers },
      payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    })

  const window = {
    fromNs: BigInt(sampleSentAt - 3_600_000) * 1_000_000n,
    toNs: BigInt(sampleSentAt + 1) * 1_000_000n,
  }

  it('stores a JSON batch after commit and answers accepted and duplicates with CORS headers', async () => {
    const response = await post(keyed())
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ accepted: 1, duplicates: 0 })
    expect(response.headers['access-control-allow-origin']).toBe(shopOrigin)
    expect(response.headers['access-control-allow-credentials']).toBeUndefined()
  })

  it('stores a retried batch once', async () => {
    const events = [
      sampleEvent(0, { type: 'page_view', kind: 'navigation', url: 'https://shop.example/' }),
      sampleEvent(1, { type: 'custom', name: 'clicked' }),
    ]
    expect((await post(keyed(events))).json()).toEqual({ accepted: 2, duplicates: 0 })
    const retry = { ...keyed(events), meta: { ...keyed(events).meta, sentAt: sampleSentAt + 5_000 } }
    expect((await post(retry)).json()).toEqual({ accepted: 0, duplicates: 2 })
  })

  it('accepts text/plain beacons, gzip, and the key in a header', async () => {
    const beacon = await post(JSON.stringify(keyed()), { 'content-type': 'text/plain;charset=UTF-8' })
    expect(beacon.statusCode).toBe(200)
    const batch = sampleBatch([sampleEvent(5, { type: 'custom', name: 'zipped' })])
    const zipped = await post(gzipSync(JSON.stringify(batch)), {
      'content-encoding': 'gzip',
      'x-vigil-key': 'shop-key',
    })
    expect(zipped.json()).toEqual({ accepted: 1, duplicates: 0 })
  })

  it('lists the first schema issues as path: message', async () => {
    const bad = keyed([sampleEvent(0, { type: 'custom', name: '' })])
    const response = await post({ ...bad, meta: { ...bad.meta, v: 9 } })
    expect(response.statusCode).toBe(400)
    const body = response.json() as { error: string; issues: string[] }
    expect(body.error).toBe('invalid_batch')
    expect(body.issues[0]).toMatch(/^\/meta\/v: /)
    const second = await post(bad)
    expect((second.json() as { issues: string[] }).issues).toContainEqual(
      expect.stringMatching(/^\/events\/0\/name: /),
    )
    expect((await post('{not json')).statusCode).toBe(400)
  })

  it('refuses other media types, unknown encodings and bodies over the limit', async () => {
    expect((await post(keyed(), { 'content-type': 'application/xml' })).statusCode).toBe(415)
    expect((await post(keyed(), { 'content-encoding': 'br' })).statusCode).toBe(415)
    const big = 'x'.repeat(RumLimits.maxBatchBytes + 1)
    expect((await post(big)).statusCode).toBe(413)
    const bomb = gzipSync(Buffer.alloc(RumLimits.maxBatchBytes + 1, 32))
    expect((await post(bomb, { 'content-encoding': 'gzip' })).statusCode).toBe(413)
  })

  it('answers 401 for a missing or wrong key and 403 for an origin the app does not allow', async () => {
    expect((await post(sampleBatch())).statusCode).toBe(401)
    expect((await post(sampleBatch(undefined, { key: 'admin-key' }))).statusCode).toBe(401)
    const foreign = await post(keyed(), { origin: 'https://evil.example' })
    expect(foreign.statusCode).toBe(403)
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined()
    const anyOrigin = sampleBatch(undefined, { app: 'admin', key: 'admin-key' })
    expect((await post(anyOrigin, { origin: 'https://evil.example' })).statusCode).toBe(200)
  })

  it('answers preflights for allowed origins only', async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/rum/v1/events',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      })
    const allowed = await preflight(shopOrigin)
    expect(allowed.statusCode).toBe(204)
    expect(allowed.headers['access-control-allow-origin']).toBe(shopOrigin)
    expect(String(allowed.headers['access-control-allow-headers'])).toMatch(/content-type.*x-vigil-key/)
    expect(allowed.headers['access-control-max-age']).toBe(String(rumPreflightMaxAge))
    await app.close()
    app = await build({ apps: [apps[0] as RumApp] })
    const refused = await preflight('https://evil.example')
    expect(refused.statusCode).toBe(403)
    expect(refused.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('accepts any app and origin when no app is configured', async () => {
    await app.close()
    app = await build({ apps: [] })
    expect(
      (await post(sampleBatch(undefined, { app: 'anything' }), { origin: 'https://x.example' })).statusCode,
    ).toBe(200)
  })

  it('corrects clock skew from sentAt', async () => {
    await app.close()
    const behind = 2 * 3_600_000
    app = await build({ now: sampleSentAt + behind })
    await post(
      keyed([
        sampleEvent(0, {
          type: 'journey',
          journey: 'login',
          journeyId: 'j',
          status: 'completed',
          duration: 10,
        }),
      ]),
    )
    const shifted = {
      fromNs: window.fromNs + BigInt(behind) * 1_000_000n,
      toNs: window.toNs + BigInt(behind) * 1_000_000n,
    }
    expect((await store.journeys(shifted))[0]?.completions).toBe(1)
    expect(await store.journeys(window)).toEqual([])
  })

  it('answers 503 with Retry-After (readable cross-origin) when the queue is full, and stores nothing', async () => {
    await app.close()
    const full: RumStore = { ...store, writeRum: () => Promise.reject(new QueueFullError(7, 100)) }
    app = await build({ store: full })
    const response = await post(keyed())
    expect(response.statusCode).toBe(503)
    expect(response.headers['retry-after']).toBe('7')
    expect(response.headers['access-control-allow-origin']).toBe(shopOrigin)
    expect(String(response.headers['access-control-expose-headers'])).toMatch(/retry-after/i)
  })

  it('never logs the client address', async () => {
    await post(keyed(), { 'x-forwarded-for': '203.0.113.9' })
    expect(logs.join('')).toContain('/rum/v1/events')
    expect(logs.join('')).not.toMatch(/127\.0\.0\.1|203\.0\.113\.9|remoteAddress/)
  })
})
