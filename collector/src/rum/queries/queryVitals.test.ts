import { type RumEvent, rateVital, type VitalName } from '@vigil/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RumRow } from '../RumRow.js'
import { rumConnection } from '../testing/rumConnection.js'
import { rumRows, userAgents } from '../testing/rumRows.js'
import { sampleEvent, sampleSentAt } from '../testing/sampleBatch.js'
import { queryVitals } from './queryVitals.js'

const quantile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  const h = (sorted.length - 1) * p
  const lo = sorted[Math.floor(h)] ?? Number.NaN
  const hi = sorted[Math.ceil(h)] ?? Number.NaN
  return lo + (h - Math.floor(h)) * (hi - lo)
}

const ns = (ms: number) => BigInt(ms) * 1_000_000n
const from = ns(sampleSentAt - 3_600_000)
const to = ns(sampleSentAt + 1)

let n = 0
const vital = (
  name: VitalName,
  metricId: string,
  value: number,
  view: string,
  time = sampleSentAt - 100,
): RumEvent =>
  sampleEvent(
    n++,
    {
      type: 'web_vital',
      name,
      metricId,
      value,
      delta: value,
      rating: rateVital(name, value),
      navigationType: 'navigate',
    },
    { view, time },
  )
const pageView = (view: string, url: string): RumEvent =>
  sampleEvent(n++, { type: 'page_view', kind: 'navigation', url }, { view, time: sampleSentAt - 500 })

describe('queryVitals', () => {
  let db: Awaited<ReturnType<typeof rumConnection>>
  // LCP per session: values, page, device, sample rate.
  const lcp: { value: number; page: string; device: string; weight: number }[] = []

  beforeAll(async () => {
    db = await rumConnection()
    let seed = 11
    const random = () => {
      seed = (seed * 48271) % 2147483647
      return seed / 2147483647
    }
    const views: RumRow[][] = []
    const vitals: RumRow[][] = []
    for (let s = 0; s < 60; s++) {
      const mobile = s % 3 === 0
      const sampleRate = s % 2 === 0 ? 0.5 : 1
      const view = `v${s}`
      const page = s % 4 === 0 ? '/order/:id' : '/cart'
      const url = page === '/cart' ? 'https://shop.example/cart' : `https://shop.example/order/${s}`
      const value = Math.round(500 + random() * 5000)
      lcp.push({ value, page, device: mobile ? 'mobile' : 'desktop', weight: 1 / sampleRate })
      const options = {
        session: `s${s}`,
        sampleRate,
        userAgent: mobile ? userAgents.iphone : userAgents.desktopChrome,
      }
      // The page view comes in its own batch; the vitals in a later one, without the page cache.
      views.push(rumRows([pageView(view, url)], options))
      vitals.push(rumRows([vital('LCP', `lcp-${s}`, value, view)], options))
    }
    await db.commit(...views)
    await db.commit(...vitals)
    // CLS reported three times for one instance: only the latest value counts.
    await db.commit(
      rumRows([
        pageView('cls-view', 'https://shop.example/cart'),
        vital('CLS', 'cls-1', 0.02, 'cls-view', sampleSentAt - 300),
        vital('CLS', 'cls-1', 0.3, 'cls-view', sampleSentAt - 100),
        vital('CLS', 'cls-1', 0.12, 'cls-view', sampleSentAt - 200),
      ]),
    )
    // Outside the window.
    await db.commit(rumRows([vital('LCP', 'old', 90_000, 'v0', sampleSentAt - 7_200_000)]))
  })

  afterAll(async () => {
    await db.close()
  })

  const expected = (rows: typeof lcp) => {
    const total = rows.reduce((sum, r) => sum + r.weight, 0)
    const share = (rating: string) =>
      rows.filter((r) => rateVital('LCP', r.value) === rating).reduce((sum, r) => sum + r.weight, 0) / total
    return {
      samples: rows.length,
      estimatedCount: total,
      p75: quantile(
        rows.map((r) => r.value),
        0.75,
      ),
      good: share('good'),
      needsImprovement: share('needs-improvement'),
      poor: share('poor'),
    }
  }

  it('gives p75 and weighted shares per page, pages taken from earlier page views', async () => {
    const rows = await queryVitals(db.connection, { fromNs: from, toNs: to, by: 'page' })
    for (const page of ['/cart', '/order/:id']) {
      const got = rows.find((r) => r.group === page && r.metric === 'LCP')
      const want = expected(lcp.filter((r) => r.page === page))
      expect(got?.samples).toBe(want.samples)
      expect(got?.estimatedCount).toBeCloseTo(want.estimatedCount, 9)
      expect(got?.p75).toBeCloseTo(want.p75, 9)
      expect(got?.good).toBeCloseTo(want.good, 9)
      expect(got?.needsImprovement).toBeCloseTo(want.needsImprovement, 9)
      expect(got?.poor).toBeCloseTo(want.poor, 9)
      expect(got?.p75Rating).toBe(rateVital('LCP', want.p75))
    }
    expect(rows.some((r) => r.group === '(unknown)')).toBe(false)
  })

  it('groups by device', async () => {
    const rows = await queryVitals(db.connection, { fromNs: from, toNs: to, by: 'device' })
    const mobile = rows.find((r) => r.group === 'mobile' && r.metric === 'LCP')
    expect(mobile?.p75).toBeCloseTo(expected(lcp.filter((r) => r.device === 'mobile')).p75, 9)
  })

  it('counts a metric instance once with its latest value, never a sum', async () => {
    const rows = await queryVitals(db.connection, { fromNs: from, toNs: to, by: 'none' })
    const cls = rows.find((r) => r.metric === 'CLS')
    expect(cls).toMatchObject({ group: 'all', samples: 1, p75: 0.3, poor: 1, good: 0 })
    expect(rows.find((r) => r.metric === 'LCP')?.samples).toBe(lcp.length)
  })

  it('filters by app and answers nothing for an empty window', async () => {
    expect(await queryVitals(db.connection, { fromNs: from, toNs: to, by: 'none', app: 'other' })).toEqual([])
    expect(await queryVitals(db.connection, { fromNs: to, toNs: from, by: 'none' })).toEqual([])
  })
})
