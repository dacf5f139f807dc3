import { rateVital } from '@vigil/protocol'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../app.js'
import { defaultConfig } from '../config/schema.js'
import { sampleBatch, sampleEvent } from '../rum/testing/sampleBatch.js'
import { openStorage } from '../storage/openStorage.js'
import type { Storage } from '../storage/Storage.js'
import { tempDir } from '../storage/testing/tempDir.js'

const origin = 'http://localhost:5173'
const userAgent =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'

describe('RUM through the whole app and DuckDB storage', () => {
  let app: FastifyInstance
  let storage: Storage
  let remove: () => Promise<void>

  beforeAll(async () => {
    const temp = await tempDir()
    remove = temp.remove
    storage = await openStorage({ dataDir: temp.dir })
    const config = {
      ...defaultConfig,
      data: { dir: temp.dir },
      apps: [{ name: 'shop', key: 'shop-ingest-key', allowedOrigins: [origin] }],
    }
    app = await buildApp({ config, storage, logger: false })
  })

  afterAll(async () => {
    await app.close()
    await storage.close()
    await remove()
  })

  // Timestamps near now, so the query API's default window (the last hour) covers them.
  const now = Date.now()
  const events = Array.from({ length: 20 }, (_, n) =>
    sampleEvent(
      n,
      {
        type: 'web_vital',
        name: 'LCP',
        metricId: `lcp-${n}`,
        value: 1000 + n * 200,
        delta: 1000 + n * 200,
        rating: rateVital('LCP', 1000 + n * 200),
        navigationType: 'navigate',
      },
      { time: now - 5_000 + n },
    ),
  )
  const batch = sampleBatch(
    [
      sampleEvent(
        99,
        { type: 'page_view', kind: 'navigation', url: `${origin}/cart` },
        { time: now - 6_000 },
      ),
      ...events,
    ],
    { key: 'shop-ingest-key', sentAt: now },
  )
  const post = (body: unknown) =>
    app.inject({
      method: 'POST',
      url: '/rum/v1/events',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin, 'user-agent': userAgent },
      payload: JSON.stringify(body),
    })

  it('stores concurrent copies of a batch once, and counts the copies as duplicates', async () => {
    const responses = await Promise.all([post(batch), post(batch), post(batch), post(batch)])
    const bodies = responses.map((r) => r.json() as { accepted: number; duplicates: number })
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200])
    expect(bodies.reduce((sum, b) => sum + b.accepted, 0)).toBe(batch.events.length)
    for (const body of bodies) expect(body.accepted + body.duplicates).toBe(batch.events.length)
    expect((await post(batch)).json()).toEqual({ accepted: 0, duplicates: batch.events.length })
    expect(storage.stats().rowsWritten.rum).toBe(batch.events.length)
  })

  it('serves the stored vitals by device through the query API', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/rum/vitals?by=device&app=shop' })
    expect(response.statusCode).toBe(200)
    const [lcp] = response.json().vitals
    expect(lcp).toMatchObject({ group: 'mobile', metric: 'LCP', samples: events.length })
    const byPage = (await app.inject({ method: 'GET', url: '/api/rum/vitals' })).json()
    expect(byPage.vitals[0].group).toBe('/cart')
  })

  it('lists the RUM routes in the OpenAPI document', async () => {
    const paths = Object.keys((await app.inject({ method: 'GET', url: '/api/docs/json' })).json().paths)
    expect(paths).toEqual(expect.arrayContaining(['/api/rum/vitals', '/api/rum/errors', '/api/journeys']))
  })
})
