import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RumRow } from '../rum/RumRow.js'
import { rumConnection } from '../rum/testing/rumConnection.js'
import { rumRow } from '../rum/testing/rumRow.js'
import { loadBuckets } from './loadBuckets.js'
import { SloRollup } from './SloRollup.js'
import { stagedRumRelation } from './stagedRumRelation.js'
import { slosFrom } from './testing.js'

const slos = slosFrom(`
slos:
  - id: views
    journey: shop
    sli: { source: rum, event: pageView }
    objective: 0.99
  - id: lcp
    journey: shop
    sli: { source: rum, event: vital, vital: LCP }
    objective: 0.99
  - id: steps
    journey: checkout
    sli: { source: rum, event: journeyStep }
    objective: 0.99
  - id: pay-step
    journey: checkout
    sli: { source: rum, event: journeyStep, step: payment }
    objective: 0.99
`)

const at = (hms: string) => Date.parse(`2026-03-01T${hms}Z`)

describe('stagedRumRelation', () => {
  let db: Awaited<ReturnType<typeof rumConnection>>
  let rollup: SloRollup
  beforeEach(async () => {
    db = await rumConnection()
    rollup = await SloRollup.create(db.connection, slos, { rum: stagedRumRelation() })
  })
  afterEach(async () => db.close())

  /** Stores a batch, then rolls it up as the commit hook would: new rows staged in staging_rum_fresh. */
  const commit = async (rows: RumRow[]) => {
    const known = await db.connection.runAndReadAll('SELECT EventId FROM rum_events')
    const stored = new Set(known.getRowsJS().map(([id]) => String(id)))
    await db.commit(rows)
    await db.connection.run('BEGIN TRANSACTION')
    const ids = [...rows.filter((r) => !stored.has(r.eventId)).map((r) => `'${r.eventId}'`), "''"].join(', ')
    await db.connection.run(
      `INSERT INTO staging_rum_fresh SELECT 0, * FROM rum_events WHERE EventId IN (${ids})`,
    )
    await rollup.apply(db.connection)
    await db.connection.run('DELETE FROM staging_rum_fresh')
    await db.connection.run('COMMIT')
  }

  it('counts each view once, withdrawn by its first error, and each vital once with its latest value', async () => {
    const first = [
      rumRow({ eventId: 'v1', type: 'page_view', timestamp: at('10:00:00'), viewId: 'v1', sampleRate: 0.5 }),
      rumRow({ eventId: 'v2', type: 'page_view', timestamp: at('10:00:30'), viewId: 'v2' }),
      rumRow({
        eventId: 'm1a',
        type: 'web_vital',
        timestamp: at('10:00:05'),
        viewId: 'v1',
        sampleRate: 0.5,
        name: 'LCP',
        metricId: 'm1',
        value: 3000,
      }),
      rumRow({ eventId: 'e1', type: 'error', timestamp: at('10:00:10'), viewId: 'v1', sampleRate: 0.5 }),
      rumRow({ eventId: 'e2', type: 'error', timestamp: at('10:00:20'), viewId: 'v1', sampleRate: 0.5 }),
      rumRow({
        eventId: 'm2a',
        type: 'web_vital',
        timestamp: at('10:00:40'),
        viewId: 'v2',
        name: 'LCP',
        metricId: 'm2',
        value: 1000,
      }),
    ]
    const late = [
      rumRow({ eventId: 'e3', type: 'error', timestamp: at('10:07:00'), viewId: 'v2' }),
      rumRow({ eventId: 'e4', type: 'error', timestamp: at('10:07:10'), viewId: 'v1', sampleRate: 0.5 }),
      rumRow({
        eventId: 'm1b',
        type: 'web_vital',
        timestamp: at('10:07:30'),
        viewId: 'v1',
        sampleRate: 0.5,
        name: 'LCP',
        metricId: 'm1',
        value: 2000,
      }),
      rumRow({ eventId: 'e5', type: 'error', timestamp: at('10:08:00'), viewId: 'unknown-view' }),
    ]
    await commit(first)
    await commit(late)
    // A retried batch stores nothing new and must add nothing.
    await commit(late)

    // Independent model of the final state: a view is good without errors; a metric's latest value counts.
    const all = [...first, ...late]
    const minuteOf = (t: number) => Math.floor(t / 60_000) * 60_000
    const views = new Map<number, { good: number; total: number }>()
    for (const v of all.filter((r) => r.type === 'page_view')) {
      const b = views.get(minuteOf(v.timestamp)) ?? { good: 0, total: 0 }
      const w = 1 / v.sampleRate
      b.total += w
      if (!all.some((e) => e.type === 'error' && e.viewId === v.viewId)) b.good += w
      views.set(minuteOf(v.timestamp), b)
    }
    const latest = new Map<string, RumRow>()
    for (const r of all.filter((r) => r.type === 'web_vital')) {
      const seen = latest.get(r.metricId ?? '')
      if (!seen || seen.timestamp < r.timestamp) latest.set(r.metricId ?? '', r)
    }
    const vitals = new Map<number, { good: number; total: number }>()
    for (const r of latest.values()) {
      const b = vitals.get(minuteOf(r.timestamp)) ?? { good: 0, total: 0 }
      b.total += 1 / r.sampleRate
      if ((r.value ?? 0) <= 2500) b.good += 1 / r.sampleRate
      vitals.set(minuteOf(r.timestamp), b)
    }
    const nonEmpty = async (id: string) =>
      (await loadBuckets(db.connection, id, 0, at('23:00:00'))).filter((b) => b.total !== 0 || b.good !== 0)
    const asList = (m: Map<number, { good: number; total: number }>) =>
      [...m].sort(([a], [b]) => a - b).map(([minute, c]) => ({ minute, ...c }))
    expect(await nonEmpty('views')).toEqual(asList(views))
    expect(await nonEmpty('lcp')).toEqual(asList(vitals))
  })

  it('counts each journey step once at its start, good once the instance got past it', async () => {
    const j = (
      eventId: string,
      journeyId: string,
      hms: string,
      status: string,
      step: string | null,
      over: Partial<RumRow> = {},
    ): RumRow =>
      rumRow({
        eventId,
        type: 'journey',
        timestamp: at(hms),
        viewId: `view-${journeyId}`,
        journey: 'checkout',
        journeyId,
        status,
        step,
        ...over,
      })
    const half = { sampleRate: 0.5 }
    // a: the outcome arrives before the payment step's start, which moves payment's minute.
    const a = [
      j('a0', 'a', '10:00:00', 'started', null, half),
      j('a1', 'a', '10:00:10', 'started', 'cart', half),
      j('a2', 'a', '10:02:00', 'started', 'payment', half),
      j('a3', 'a', '10:05:00', 'completed', 'payment', half),
    ]
    // b fails at payment; c is abandoned at cart; d is declarative (its last step only completes).
    const b = [
      j('b0', 'b', '10:01:00', 'started', null),
      j('b1', 'b', '10:01:10', 'started', 'cart'),
      j('b2', 'b', '10:03:10', 'started', 'payment'),
      j('b3', 'b', '10:04:00', 'failed', 'payment'),
    ]
    const c = [j('c1', 'c', '10:00:30', 'started', 'cart'), j('c2', 'c', '10:09:00', 'abandoned', 'cart')]
    const d = [
      j('d0', 'd', '10:00:40', 'started', null),
      j('d1', 'd', '10:00:50', 'started', 'cart'),
      j('d2', 'd', '10:06:00', 'completed', 'confirm'),
    ]
    // e's payment start arrives before its cart start; f belongs to another journey.
    const e = [j('e1', 'e', '10:01:30', 'started', 'cart'), j('e2', 'e', '10:02:30', 'started', 'payment')]
    const f = [j('f1', 'f', '10:00:00', 'started', 'cart', { journey: 'search' })]
    const byId = new Map([...a, ...b, ...c, ...d, ...e, ...f].map((r) => [r.eventId, r]))
    const batch = (...ids: string[]) =>
      ids.map((id) => {
        const found = byId.get(id)
        if (!found) throw new Error(`no event ${id}`)
        return found
      })
    const commits = [
      batch('a0', 'a1', 'c1', 'e2', 'f1'),
      batch('a3', 'b0', 'b1', 'd0', 'd1'),
      batch('a2', 'b2', 'b3', 'c2', 'd2', 'e1'),
      // Retries of earlier batches store nothing and must add nothing.
      batch('a3', 'b2', 'e1'),
    ]
    type Bucket = { good: number; total: number }
    // Independent model over the stored events (see docs/slo.md, "What a row counts").
    const model = (stored: readonly RumRow[], step?: string) => {
      const buckets = new Map<number, Bucket>()
      const ofJourney = stored.filter((r) => r.journey === 'checkout')
      for (const id of new Set(ofJourney.map((r) => r.journeyId))) {
        const events = ofJourney.filter((r) => r.journeyId === id)
        for (const s of new Set(events.map((r) => r.step))) {
          if (s === null || (step !== undefined && s !== step)) continue
          const starts = events
            .filter((r) => r.step === s && (r.status === 'started' || r.status === 'completed'))
            .sort((x, y) => x.timestamp - y.timestamp)
          const start = starts[0]
          if (!start) continue
          const passed = events.some(
            (r) =>
              (r.status === 'completed' && r.timestamp >= start.timestamp) ||
              (r.status === 'started' && r.step !== null && r.step !== s && r.timestamp > start.timestamp),
          )
          const minute = Math.floor(start.timestamp / 60_000) * 60_000
          const bucket = buckets.get(minute) ?? { good: 0, total: 0 }
          bucket.total += 1 / start.sampleRate
          if (passed) bucket.good += 1 / start.sampleRate
          buckets.set(minute, bucket)
        }
      }
      return [...buckets].sort(([x], [y]) => x - y).map(([minute, counts]) => ({ minute, ...counts }))
    }
    const nonEmpty = async (id: string) =>
      (await loadBuckets(db.connection, id, 0, at('23:00:00'))).filter((x) => x.total !== 0 || x.good !== 0)
    const stored = new Map<string, RumRow>()
    for (const rows of commits) {
      await commit(rows)
      for (const r of rows) stored.set(r.eventId, r)
      expect(await nonEmpty('steps')).toEqual(model([...stored.values()]))
      expect(await nonEmpty('pay-step')).toEqual(model([...stored.values()], 'payment'))
    }
    // The scenario reaches every case: passed and failed steps, a last step completed without a start.
    const final = model([...stored.values()])
    expect(final.reduce((n, x) => n + x.total, 0)).toBe(2 * 2 + 2 + 1 + 2 + 2)
    expect(final.reduce((n, x) => n + x.good, 0)).toBe(2 * 2 + 1 + 0 + 2 + 1)
  })
})
