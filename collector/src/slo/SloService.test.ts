import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadBuckets, loadBucketsMany } from './loadBuckets.js'
import { loadDayBuckets } from './loadDayBuckets.js'
import { loadSliceTotals } from './loadSliceTotals.js'
import { SloService } from './SloService.js'
import { slaReport } from './slaReport.js'
import { sloAttribution } from './sloAttribution.js'
import { sloSeries } from './sloSeries.js'
import { rollupTestDb, slosFrom } from './testing.js'

const slos = slosFrom(`
slos:
  - id: api
    service: shop
    sli: { source: spans, good: status, filter: {} }
    objective: 0.99
    window: 7d
  - id: api-month
    service: shop
    sli: { source: spans, good: status, filter: {} }
    objective: 0.995
    window: { calendar: month, timeZone: Europe/Berlin }
  - id: both
    journey: shop
    composite: { parts: [{ slo: api }, { slo: api-month, weight: 2 }] }
    objective: 0.99
    window: 7d
`)

const minute = 60_000
const t0 = Date.parse('2026-03-01T00:00:00Z')

/** Deterministic traffic: per hour, `total` events with `bad` of them bad, split by route. */
const history = Array.from({ length: 24 * 40 }, (_, h) => ({
  minute: t0 + h * 3_600_000 + (h % 60) * minute,
  total: 100 + (h % 7) * 10,
  bad: h % 13 === 0 ? 20 : h % 5,
  route: h % 3 === 0 ? '/pay' : '/cart',
}))

describe('SloService', () => {
  let db: Awaited<ReturnType<typeof rollupTestDb>>
  let service: SloService
  beforeEach(async () => {
    db = await rollupTestDb()
    for (const id of ['api', 'api-month']) {
      // One statement per table: the values are this test's own numbers and two fixed routes.
      const minutes = history.map((h) => `('${id}', ${h.minute}, ${h.total - h.bad}, ${h.total})`)
      await db.connection.run(`INSERT INTO slo_minutes VALUES ${minutes.join(', ')}`)
      const slices = history.map(
        (h) => `('${id}', 'route', '${h.route}', ${h.minute}, ${h.total - h.bad}, ${h.total})`,
      )
      await db.connection.run(`INSERT INTO slo_minute_slices VALUES ${slices.join(', ')}`)
    }
    service = new SloService({
      slos,
      read: (id, from, to) => loadBuckets(db.connection, id, from, to),
      readSlices: (id, by, from, to) => loadSliceTotals(db.connection, id, by, from, to),
    })
  })
  afterEach(async () => db.close())

  const sumOver = (from: number, to: number) => {
    const inside = history.filter((h) => h.minute >= from && h.minute < to)
    const total = inside.reduce((n, h) => n + h.total, 0)
    const bad = inside.reduce((n, h) => n + h.bad, 0)
    return { good: total - bad, total, bad }
  }

  it('counts good added after its total, keeping the counters growing with good ≤ total', () => {
    const after = (added: { good: number; total: number }) => {
      service.recordAdded(new Map([['api', added]]))
      return service.eventCounters().get('api')
    }
    // A step started in one commit and passed in the next.
    expect(after({ good: 0, total: 2 })).toEqual({ good: 0, total: 2 })
    expect(after({ good: 2, total: 0 })).toEqual({ good: 2, total: 2 })
    // More good than the running total allows is capped; withdrawals add nothing.
    expect(after({ good: 1.5, total: 1 })).toEqual({ good: 3, total: 3 })
    expect(after({ good: -1, total: -1 })).toEqual({ good: 3, total: 3 })
  })

  it('evaluates any past instant exactly, and a late bucket changes it by its counts', async () => {
    const at = Date.parse('2026-03-20T12:34:00Z')
    const api = service.get('api')
    if (!api) throw new Error('missing')
    const before = await service.evaluate(api, at)
    const c = sumOver(at - 7 * 86_400_000, at)
    expect(before.status.counts).toEqual({ good: c.good, total: c.total })
    expect(before.status.sli).toBeCloseTo(c.good / c.total, 12)
    const hour = sumOver(at - 3_600_000, at)
    expect(before.burnRates['1h']).toBeCloseTo(hour.bad / hour.total / 0.01, 9)
    // A late minute inside the window.
    await db.connection.run("INSERT INTO slo_minutes VALUES ('api', $1, 0, 50)", [at - 2 * 86_400_000])
    const after = await service.evaluate(api, at)
    expect(after.status.counts).toEqual({ good: c.good, total: c.total + 50 })
  })

  it('evaluates composites from their parts and keeps the loop result', async () => {
    const now = Date.parse('2026-03-25T00:00:00Z')
    const looped = new SloService({ ...optionsOf(service), now: () => now })
    await looped.refresh()
    expect(looped.latest().map((e) => e.slo.id)).toEqual(['api', 'api-month', 'both'])
    const both = looped.latest()[2]
    expect(both?.status.sli).not.toBeNull()
    expect(both?.status.at).toBe(now)
  })

  it('evaluates everything from one read exactly as one SLO at a time', async () => {
    const at = Date.parse('2026-03-31T21:59:00Z')
    const batched = new SloService({
      ...optionsOf(service),
      readMany: (ids, from, to) => loadBucketsMany(db.connection, ids, from, to),
    })
    const together = await batched.evaluateAll(at)
    const alone = await service.evaluateAll(at)
    expect(together.map((e) => e.slo.id)).toEqual(['api', 'api-month', 'both'])
    expect(together).toEqual(alone)
  })

  it('evaluates calendar SLOs from window sums in SQL exactly as from their minutes', async () => {
    const summed = new SloService({
      ...optionsOf(service),
      readMany: (ids, from, to) => loadBucketsMany(db.connection, ids, from, to),
      readDays: (ids, days, end) => loadDayBuckets(db.connection, ids, days, end),
    })
    const month = service.get('api-month')
    if (!month) throw new Error('missing')
    for (const at of [Date.parse('2026-03-01T00:30:00Z'), Date.parse('2026-03-18T07:13:20.5Z')]) {
      expect(await summed.evaluateAll(at)).toEqual(await service.evaluateAll(at))
      expect(await summed.evaluate(month, at)).toEqual(await service.evaluate(month, at))
    }
    // A late minute inside the last hour changes both the same way.
    const at = Date.parse('2026-03-18T07:13:20.5Z')
    const before = await summed.evaluate(month, at)
    await db.connection.run("INSERT INTO slo_minutes VALUES ('api-month', $1, 0, 40)", [
      at - 1_800_000 - 60_000,
    ])
    const late = await summed.evaluate(month, at)
    expect(late).toEqual(await service.evaluate(month, at))
    expect(late.status.counts.total).toBe(before.status.counts.total + 40)
  })

  it('gives series points equal to evaluations at the same instants', async () => {
    const api = service.get('api')
    if (!api) throw new Error('missing')
    const from = Date.parse('2026-03-10T00:00:00Z')
    const points = await sloSeries(service, api, from, from + 86_400_000, 6 * 3_600_000)
    expect(points).toHaveLength(4)
    for (const p of points) {
      const e = await service.evaluate(api, p.at)
      expect(p.sli).toBeCloseTo(e.status.sli ?? Number.NaN, 12)
      expect(p.budgetRemaining).toBeCloseTo(e.status.budget.remaining, 9)
    }
  })

  it('attributes bad events to routes', async () => {
    const api = service.get('api')
    if (!api) throw new Error('missing')
    const from = Date.parse('2026-03-05T00:00:00Z')
    const to = Date.parse('2026-03-06T00:00:00Z')
    const a = await sloAttribution(service, api, 'route', from, to)
    const pay = history.filter((h) => h.route === '/pay' && h.minute >= from && h.minute < to)
    const payBad = pay.reduce((n, h) => n + h.bad, 0)
    const all = sumOver(from, to)
    const slice = a.slices.find((s) => s.value === '/pay')
    expect(slice?.bad).toBe(payBad)
    expect(slice?.shareOfBad).toBeCloseTo(payBad / all.bad, 12)
    expect(slice?.budgetConsumed).toBeCloseTo(payBad / (0.01 * all.total), 9)
    expect(a.unattributed).toEqual({ good: 0, total: 0 })
  })

  it('reports a month the same from day sums as from minutes', async () => {
    const byDay = new SloService({
      ...optionsOf(service),
      readDays: (ids, days, end) => loadDayBuckets(db.connection, ids, days, end),
    })
    expect(await slaReport(byDay, '2026-03')).toEqual(await slaReport(service, '2026-03'))
  })

  it('reports a month per journey with attainment, budget and worst days', async () => {
    const report = await slaReport(service, '2026-03')
    const entry = report.journeys.flatMap((j) => j.slos).find((s) => s.id === 'api-month')
    // March 2026 in Berlin: 1 March 00:00 CET to 1 April 00:00 CEST.
    const start = Date.parse('2026-02-28T23:00:00Z')
    const end = Date.parse('2026-03-31T22:00:00Z')
    const c = sumOver(start, end)
    expect(entry?.start).toBe(start)
    expect(entry?.end).toBe(end)
    expect(entry?.attainment).toBeCloseTo(c.good / c.total, 12)
    expect(entry?.met).toBe(c.good / c.total >= 0.995)
    expect(entry?.budgetUsed).toBeCloseTo(c.bad / c.total / 0.005, 9)
    const worst = entry?.worstDays[0]
    if (!worst) throw new Error('no worst day')
    const dayStart = Date.parse(`${worst.day}T00:00:00+01:00`)
    expect(worst.bad).toBe(sumOver(dayStart, dayStart + 86_400_000).bad)
    expect(report.journeys.map((j) => j.journey)).toEqual(['shop'])
  })
})

const optionsOf = (s: SloService) => ({
  slos: s.slos,
  read: (id: string, from: number, to: number) =>
    s.data(s.get(id) ?? fail(id), from, to).then((d) => [...(d.buckets ?? [])]),
  readSlices: s.readSlices,
})

const fail = (id: string): never => {
  throw new Error(`unknown ${id}`)
}
