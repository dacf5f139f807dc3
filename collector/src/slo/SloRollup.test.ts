import type { DuckDBConnection } from '@duckdb/node-api'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SpanRow } from '../otlp/rows.js'
import { encodeSpan } from '../storage/encodeSpan.js'
import { ns, spanRow } from '../storage/testing/rows.js'
import { loadBuckets } from './loadBuckets.js'
import { loadSliceTotals } from './loadSliceTotals.js'
import { SloRollup } from './SloRollup.js'
import { stagedSpansRelation } from './sliRelations.js'
import { rollupTestDb, rumTestTable, slosFrom } from './testing.js'

const slos = slosFrom(`
slos:
  - id: pay-latency
    service: payments
    sli: { source: spans, good: latency, thresholdMs: 300, filter: { route: "POST /api/pay" } }
    objective: 0.99
  - id: pay-errors
    service: payments
    sli: { source: spans, good: status, filter: {} }
    objective: 0.999
  - id: quoted
    service: "o'hara"
    sli: { source: spans, good: status, filter: {} }
    objective: 0.95
  - id: checkout-done
    journey: checkout
    sli: { source: rum, event: journeyStep }
    objective: 0.95
  - id: lcp
    journey: checkout
    sli: { source: rum, event: vital, vital: LCP }
    objective: 0.95
  - id: views
    journey: checkout
    sli: { source: rum, event: pageView }
    objective: 0.95
`)

interface TestSpan {
  at: string
  service: string
  route: string
  ms: number
  error: boolean
  rate?: number
  release?: string
}

const toRow = (s: TestSpan, n: number): SpanRow =>
  spanRow(n, {
    timestamp: ns(s.at),
    serviceName: s.service,
    resourceAttributes: JSON.stringify({ 'service.name': s.service, 'service.version': s.release ?? '1.0' }),
    spanAttributes: JSON.stringify({
      'http.route': s.route,
      ...(s.rate ? { 'vigil.sample_rate': s.rate } : {}),
    }),
    duration: BigInt(Math.round(s.ms * 1e6)),
    statusCode: s.error ? 'Error' : 'Ok',
  })

/** Independent expectation: weighted good/total per minute for a predicate. */
const expected = (
  spans: readonly TestSpan[],
  match: (s: TestSpan) => boolean,
  good: (s: TestSpan) => boolean,
) => {
  const byMinute = new Map<number, { good: number; total: number }>()
  for (const s of spans.filter(match)) {
    const minute = Math.floor(Date.parse(s.at) / 60_000) * 60_000
    const w = 1 / (s.rate ?? 1)
    const b = byMinute.get(minute) ?? { good: 0, total: 0 }
    b.total += w
    if (good(s)) b.good += w
    byMinute.set(minute, b)
  }
  return [...byMinute.entries()].sort(([a], [b]) => a - b).map(([minute, c]) => ({ minute, ...c }))
}

const stage = async (connection: DuckDBConnection, rows: readonly SpanRow[]) => {
  for (const row of rows) await connection.run('INSERT INTO staging_spans VALUES ($1)', [encodeSpan(row)])
}

const commit = async (connection: DuckDBConnection, rollup: SloRollup, rows: readonly SpanRow[]) => {
  await connection.run('BEGIN TRANSACTION')
  await stage(connection, rows)
  const added = await rollup.apply(connection)
  await connection.run('DELETE FROM staging_spans')
  await connection.run('COMMIT')
  return added
}

describe('SloRollup', () => {
  let db: Awaited<ReturnType<typeof rollupTestDb>>
  let rollup: SloRollup
  beforeEach(async () => {
    db = await rollupTestDb()
    await db.connection.run('CREATE TEMP TABLE staging_spans (j VARCHAR)')
    await db.connection.run(rumTestTable)
    rollup = await SloRollup.create(db.connection, slos, {
      spans: stagedSpansRelation('staging_spans'),
      rum: '(SELECT * FROM rum_test)',
    })
  })
  afterEach(async () => db.close())

  const first: TestSpan[] = [
    { at: '2026-03-01T10:00:05Z', service: 'payments', route: 'POST /api/pay', ms: 120, error: false },
    { at: '2026-03-01T10:00:59.999Z', service: 'payments', route: 'POST /api/pay', ms: 300, error: false },
    {
      at: '2026-03-01T10:01:00Z',
      service: 'payments',
      route: 'POST /api/pay',
      ms: 301,
      error: true,
      rate: 0.25,
    },
    {
      at: '2026-03-01T10:01:30Z',
      service: 'payments',
      route: 'GET /api/cards',
      ms: 900,
      error: false,
      release: '2.0',
    },
    { at: '2026-03-01T10:02:00Z', service: 'cart', route: 'POST /api/pay', ms: 50, error: true },
    { at: '2026-03-01T10:02:10Z', service: "o'hara", route: '/x', ms: 5, error: true, rate: 0.5 },
  ]
  const late: TestSpan[] = [
    {
      at: '2026-03-01T10:00:30Z',
      service: 'payments',
      route: 'POST /api/pay',
      ms: 800,
      error: true,
      rate: 0.1,
    },
    { at: '2026-03-01T10:05:00Z', service: 'payments', route: 'POST /api/pay', ms: 10, error: false },
  ]

  it('adds weighted good/total per minute, late events into their own minute', async () => {
    await commit(db.connection, rollup, first.map(toRow))
    const added = await commit(
      db.connection,
      rollup,
      late.map((s, i) => toRow(s, 100 + i)),
    )
    const all = [...first, ...late]
    const isPay = (s: TestSpan) => s.service === 'payments' && s.route === 'POST /api/pay'
    const from = Date.parse('2026-03-01T00:00:00Z')
    const to = Date.parse('2026-03-02T00:00:00Z')
    expect(await loadBuckets(db.connection, 'pay-latency', from, to)).toEqual(
      expected(all, isPay, (s) => s.ms <= 300),
    )
    expect(await loadBuckets(db.connection, 'pay-errors', from, to)).toEqual(
      expected(
        all,
        (s) => s.service === 'payments',
        (s) => !s.error,
      ),
    )
    expect(await loadBuckets(db.connection, 'quoted', from, to)).toEqual(
      expected(
        all,
        (s) => s.service === "o'hara",
        (s) => !s.error,
      ),
    )
    // What the second commit added is reported for the /metrics counters.
    const lateTotals = expected(late, isPay, (s) => s.ms <= 300)
    expect(added.get('pay-latency')).toEqual({
      good: lateTotals.reduce((n, b) => n + b.good, 0),
      total: lateTotals.reduce((n, b) => n + b.total, 0),
    })
    const byRoute = await loadSliceTotals(db.connection, 'pay-errors', 'route', from, to)
    const cards = all.filter((s) => s.service === 'payments' && s.route === 'GET /api/cards')
    expect(byRoute.find((r) => r.value === 'GET /api/cards')).toEqual({
      value: 'GET /api/cards',
      good: cards.filter((s) => !s.error).length,
      total: cards.length,
    })
    const byRelease = await loadSliceTotals(db.connection, 'pay-errors', 'release', from, to)
    expect(byRelease.map((r) => r.value).sort()).toEqual(['1.0', '2.0'])
  })

  it('rolls contributions back with a failed commit', async () => {
    await db.connection.run('BEGIN TRANSACTION')
    await stage(db.connection, first.map(toRow))
    await rollup.apply(db.connection)
    await db.connection.run('ROLLBACK')
    const reader = await db.connection.runAndReadAll('SELECT count(*)::INTEGER FROM slo_minutes')
    expect(reader.getRowsJS()[0]?.[0]).toBe(0)
  })

  it('counts RUM journey steps, vitals and page views with their sample rates and signs', async () => {
    await db.connection.run(`INSERT INTO rum_test VALUES
      ('2026-03-01 10:00:10', '2026-03-01 10:00:10', 'journey_step', 0.5, 1, '/pay', 'r1', 'Chrome', NULL, 'checkout', 'payment', 'passed', NULL, NULL, false),
      ('2026-03-01 10:00:20', '2026-03-01 10:00:20', 'journey_step', 0.5, 1, '/pay', 'r1', 'Firefox', NULL, 'checkout', 'payment', 'started', NULL, NULL, false),
      ('2026-03-01 10:00:25', '2026-03-01 10:00:25', 'journey_step', 1, -1, '/pay', 'r1', 'Firefox', NULL, 'checkout', 'cart', 'started', NULL, NULL, false),
      ('2026-03-01 10:00:25', '2026-03-01 10:00:25', 'journey_step', 1, 1, '/pay', 'r1', 'Firefox', NULL, 'checkout', 'cart', 'passed', NULL, NULL, false),
      ('2026-03-01 10:00:30', '2026-03-01 10:00:00', 'journey', 1, 1, '/pay', 'r1', 'Chrome', 'FR', 'checkout', 'cart', 'completed', NULL, NULL, false),
      ('2026-03-01 10:00:40', '2026-03-01 10:00:40', 'journey_step', 1, 1, '/', 'r1', 'Chrome', NULL, 'search', 'query', 'passed', NULL, NULL, false),
      ('2026-03-01 10:00:00', '2026-03-01 10:00:00', 'web_vital', 0.1, 1, '/', 'r1', 'Chrome', NULL, NULL, NULL, NULL, 'LCP', 2500, false),
      ('2026-03-01 10:00:00', '2026-03-01 10:00:00', 'web_vital', 1, 1, '/', 'r1', 'Chrome', NULL, NULL, NULL, NULL, 'LCP', 2501, false),
      ('2026-03-01 10:00:00', '2026-03-01 10:00:00', 'web_vital', 1, 1, '/', 'r1', 'Chrome', NULL, NULL, NULL, NULL, 'INP', 50, false),
      ('2026-03-01 10:00:00', '2026-03-01 10:00:00', 'page_view', 1, 1, '/', 'r1', 'Chrome', NULL, NULL, NULL, NULL, NULL, NULL, false),
      ('2026-03-01 10:00:30', '2026-03-01 10:00:30', 'page_view', 1, 1, '/', 'r1', 'Chrome', NULL, NULL, NULL, NULL, NULL, NULL, false),
      ('2026-03-01 10:03:00', '2026-03-01 10:00:30', 'error', 1, 1, '/', 'r1', 'Chrome', NULL, NULL, NULL, NULL, NULL, NULL, true),
      ('2026-03-01 10:04:00', '2026-03-01 10:00:30', 'error', 1, 1, '/', 'r1', 'Chrome', NULL, NULL, NULL, NULL, NULL, NULL, false)`)
    await db.connection.run('BEGIN TRANSACTION')
    await rollup.apply(db.connection)
    await db.connection.run('COMMIT')
    const from = Date.parse('2026-03-01T00:00:00Z')
    const to = Date.parse('2026-03-02T00:00:00Z')
    const m = Date.parse('2026-03-01T10:00:00Z')
    expect(await loadBuckets(db.connection, 'checkout-done', from, to)).toEqual([
      { minute: m, good: 3, total: 4 },
    ])
    expect(await loadBuckets(db.connection, 'lcp', from, to)).toEqual([{ minute: m, good: 10, total: 11 }])
    expect(await loadBuckets(db.connection, 'views', from, to)).toEqual([{ minute: m, good: 1, total: 2 }])
    const byBrowser = await loadSliceTotals(db.connection, 'checkout-done', 'browser', from, to)
    expect(byBrowser).toEqual([
      { value: 'Firefox', good: 1, total: 2 },
      { value: 'Chrome', good: 2, total: 2 },
    ])
  })
})
