import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RumRow } from '../rum/RumRow.js'
import { rumConnection } from '../rum/testing/rumConnection.js'
import { loadBuckets } from './loadBuckets.js'
import { SloRollup } from './SloRollup.js'
import { stagedRumRelation } from './sliRelations.js'
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
`)

const row = (over: Partial<RumRow> & Pick<RumRow, 'eventId' | 'type' | 'timestamp' | 'viewId'>): RumRow => ({
  app: 'shop',
  clientTime: over.timestamp,
  receivedAt: over.timestamp,
  release: '1.0',
  environment: null,
  sessionId: 's1',
  page: '/',
  path: '/',
  browser: 'Chrome',
  browserVersion: null,
  os: null,
  deviceType: null,
  sampleRate: 1,
  traceId: null,
  spanId: null,
  journey: null,
  journeyId: null,
  step: null,
  status: null,
  name: null,
  metricId: null,
  value: null,
  rating: null,
  duration: null,
  fingerprint: null,
  message: null,
  detail: '{}',
  ...over,
})

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
      row({ eventId: 'v1', type: 'page_view', timestamp: at('10:00:00'), viewId: 'v1', sampleRate: 0.5 }),
      row({ eventId: 'v2', type: 'page_view', timestamp: at('10:00:30'), viewId: 'v2' }),
      row({
        eventId: 'm1a',
        type: 'web_vital',
        timestamp: at('10:00:05'),
        viewId: 'v1',
        sampleRate: 0.5,
        name: 'LCP',
        metricId: 'm1',
        value: 3000,
      }),
      row({ eventId: 'e1', type: 'error', timestamp: at('10:00:10'), viewId: 'v1', sampleRate: 0.5 }),
      row({ eventId: 'e2', type: 'error', timestamp: at('10:00:20'), viewId: 'v1', sampleRate: 0.5 }),
      row({
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
      row({ eventId: 'e3', type: 'error', timestamp: at('10:07:00'), viewId: 'v2' }),
      row({ eventId: 'e4', type: 'error', timestamp: at('10:07:10'), viewId: 'v1', sampleRate: 0.5 }),
      row({
        eventId: 'm1b',
        type: 'web_vital',
        timestamp: at('10:07:30'),
        viewId: 'v1',
        sampleRate: 0.5,
        name: 'LCP',
        metricId: 'm1',
        value: 2000,
      }),
      row({ eventId: 'e5', type: 'error', timestamp: at('10:08:00'), viewId: 'unknown-view' }),
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
})
