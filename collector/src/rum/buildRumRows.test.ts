import { describe, expect, it } from 'vitest'
import { buildRumRows } from './buildRumRows.js'
import { ClockSkew } from './ClockSkew.js'
import { parseUserAgent } from './parseUserAgent.js'
import { sampleBatch, sampleEvent, sampleSentAt } from './testing/sampleBatch.js'
import { ViewPageCache } from './ViewPageCache.js'

const client = parseUserAgent(
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
)

const batch = sampleBatch(
  [
    sampleEvent(0, { type: 'page_view', kind: 'navigation', url: 'https://shop.example/order/42?x=1' }),
    sampleEvent(1, {
      type: 'web_vital',
      name: 'LCP',
      metricId: 'm1',
      value: 3000,
      delta: 3000,
      rating: 'good',
      navigationType: 'navigate',
      attribution: { target: 'img.hero', timeToFirstByte: 100 },
    }),
    sampleEvent(2, {
      type: 'error',
      errorType: 'TypeError',
      message: 'x is undefined',
      stack: [{ fn: 'buy', file: 'https://shop.example/app.js', line: 3, col: 9 }],
      handled: false,
      fingerprint: 'abc',
      suppressed: 4,
    }),
    sampleEvent(3, {
      type: 'journey',
      journey: 'checkout',
      journeyId: 'j1',
      step: 'payment',
      status: 'failed',
      duration: 5000,
      reason: 'card declined',
    }),
  ],
  { release: '1.2.3', environment: 'prod', sampleRate: 0.5 },
)

describe('buildRumRows', () => {
  it('keeps sender times when the clocks agree within the threshold', () => {
    const rows = buildRumRows(batch, { receivedAt: sampleSentAt + 300, client })
    expect(rows.map((r) => r.timestamp)).toEqual(batch.events.map((e) => e.time))
    expect(rows.map((r) => r.clientTime)).toEqual(batch.events.map((e) => e.time))
  })

  it('shifts every event by receivedAt − sentAt when the sender clock is off', () => {
    const behind = 3_600_000
    const rows = buildRumRows(batch, { receivedAt: sampleSentAt + behind, client })
    expect(rows.map((r) => r.timestamp)).toEqual(batch.events.map((e) => e.time + behind))
    expect(ClockSkew.thresholdMs).toBeLessThan(behind)
  })

  it('never dates an event after its arrival', () => {
    const late = sampleBatch([sampleEvent(0, { type: 'custom', name: 'x' }, { time: sampleSentAt + 1_000 })])
    const [row] = buildRumRows(late, { receivedAt: sampleSentAt + 10, client })
    expect(row?.timestamp).toBe(sampleSentAt + 10)
  })

  it('carries the page of the view and the client to every event', () => {
    const rows = buildRumRows(batch, { receivedAt: sampleSentAt, client })
    for (const row of rows) {
      expect(row).toMatchObject({
        app: 'shop',
        sessionId: 's1',
        viewId: 'v1',
        page: '/order/:id',
        path: '/order/42',
        browser: 'Chrome',
        deviceType: 'desktop',
        release: '1.2.3',
        environment: 'prod',
      })
    }
  })

  it('maps each type to its columns, re-rating vitals and keeping the rest as detail', () => {
    const [, vital, error, journey] = buildRumRows(batch, { receivedAt: sampleSentAt, client })
    expect(vital).toMatchObject({ type: 'web_vital', name: 'LCP', metricId: 'm1', value: 3000 })
    expect(vital?.rating).toBe('needs-improvement')
    expect(JSON.parse(vital?.detail ?? '')).toMatchObject({
      sdkRating: 'good',
      attribution: { target: 'img.hero' },
    })
    expect(error).toMatchObject({ name: 'TypeError', status: 'unhandled', value: 4, fingerprint: 'abc' })
    expect(JSON.parse(error?.detail ?? '').stack[0].fn).toBe('buy')
    expect(journey).toMatchObject({
      journey: 'checkout',
      journeyId: 'j1',
      step: 'payment',
      status: 'failed',
      duration: 5000,
      message: 'card declined',
    })
    expect(journey?.sampleRate).toBe(1)
  })

  it('finds the page of a view seen in an earlier batch', () => {
    const pages = new ViewPageCache()
    buildRumRows(sampleBatch(), { receivedAt: sampleSentAt, client, pages })
    const later = sampleBatch([sampleEvent(9, { type: 'custom', name: 'later' })])
    expect(buildRumRows(later, { receivedAt: sampleSentAt, client, pages })[0]?.page).toBe('/order/:id')
    expect(buildRumRows(later, { receivedAt: sampleSentAt, client })[0]?.page).toBeNull()
  })
})
