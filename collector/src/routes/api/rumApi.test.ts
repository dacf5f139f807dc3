import { rateVital } from '@vigil/protocol'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectionRumStore } from '../../rum/testing/connectionRumStore.js'
import { sampleBatch, sampleEvent, sampleSentAt } from '../../rum/testing/sampleBatch.js'
import { rumRoutes } from '../rum.js'
import { journeyRoutes } from './journeys.js'
import { rumErrorsRoutes } from './rumErrors.js'
import { rumVitalsRoutes } from './rumVitals.js'

const from = new Date(sampleSentAt - 3_600_000).toISOString()
const to = new Date(sampleSentAt + 1_000).toISOString()

describe('RUM query API', () => {
  let store: Awaited<ReturnType<typeof connectionRumStore>>
  let app: FastifyInstance

  beforeAll(async () => {
    store = await connectionRumStore()
    app = Fastify()
    await app.register(rumRoutes, { apps: [], store, retryAfterMs: 1000, now: () => sampleSentAt })
    await app.register(rumVitalsRoutes, { store })
    await app.register(rumErrorsRoutes, { store })
    await app.register(journeyRoutes, { store })
    const vital = (n: number, value: number) =>
      sampleEvent(n, {
        type: 'web_vital',
        name: 'INP',
        metricId: `inp-${n}`,
        value,
        delta: value,
        rating: rateVital('INP', value),
        navigationType: 'navigate',
      })
    const batch = sampleBatch([
      sampleEvent(0, { type: 'page_view', kind: 'navigation', url: 'https://shop.example/search?q=x' }),
      vital(1, 120),
      vital(2, 300),
      vital(3, 800),
      sampleEvent(4, {
        type: 'error',
        errorType: 'Error',
        message: 'boom',
        stack: [],
        handled: true,
        fingerprint: 'f1',
      }),
      sampleEvent(5, { type: 'journey', journey: 'search', journeyId: 'j1', status: 'started', duration: 0 }),
      sampleEvent(6, {
        type: 'journey',
        journey: 'search',
        journeyId: 'j1',
        step: 'results',
        status: 'completed',
        duration: 900,
      }),
    ])
    const response = await app.inject({ method: 'POST', url: '/rum/v1/events', payload: batch })
    expect(response.statusCode).toBe(200)
  })

  afterAll(async () => {
    await app.close()
    await store.close()
  })

  const get = (url: string) => app.inject({ method: 'GET', url })

  it('GET /api/rum/vitals groups by page by default', async () => {
    const response = await get(`/api/rum/vitals?from=${from}&to=${to}`)
    expect(response.statusCode).toBe(200)
    const body = response.json() as {
      by: string
      vitals: { group: string; metric: string; samples: number; good: number }[]
    }
    expect(body.by).toBe('page')
    expect(body.vitals).toEqual([
      expect.objectContaining({ group: '/search', metric: 'INP', samples: 3, p75: 550, p75Rating: 'poor' }),
    ])
    expect(body.vitals[0]?.good).toBeCloseTo(1 / 3, 9)
    const byBrowser = (await get(`/api/rum/vitals?from=${from}&to=${to}&by=browser`)).json()
    expect(byBrowser.vitals[0].group).toBe('(unknown)')
    expect((await get(`/api/rum/vitals?by=country`)).statusCode).toBe(400)
  })

  it('GET /api/rum/errors lists fingerprint groups', async () => {
    const body = (await get(`/api/rum/errors?from=${from}&to=${to}&app=shop`)).json()
    expect(body.errors).toEqual([
      expect.objectContaining({
        fingerprint: 'f1',
        events: 1,
        sessions: 1,
        unhandledShare: 0,
        topFrame: null,
      }),
    ])
    expect((await get(`/api/rum/errors?from=${from}&to=${to}&app=other`)).json().errors).toEqual([])
  })

  it('GET /api/journeys reports outcomes and steps', async () => {
    const body = (await get(`/api/journeys?from=${from}&to=${to}`)).json()
    expect(body.journeys).toEqual([
      expect.objectContaining({ journey: 'search', attempts: 1, completions: 1, completionP50Ms: 900 }),
    ])
    expect(body.journeys[0].steps).toEqual([expect.objectContaining({ step: 'results', reached: 1 })])
    expect((await get(`/api/journeys?from=${to}&to=${from}`)).statusCode).toBeGreaterThanOrEqual(400)
  })
})
