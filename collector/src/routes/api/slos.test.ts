import type { SloSpec } from '@vigil/slo'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../app.js'
import { sloReport } from '../../commands/sloReport.js'
import { defaultConfig } from '../../config/schema.js'
import { loadBuckets } from '../../slo/loadBuckets.js'
import { loadSliceTotals } from '../../slo/loadSliceTotals.js'
import { SloService } from '../../slo/SloService.js'
import { rollupTestDb, slosFrom } from '../../slo/testing.js'
import { openStorage } from '../../storage/openStorage.js'
import type { Storage } from '../../storage/Storage.js'
import { tempDir } from '../../storage/testing/tempDir.js'

const [pay] = slosFrom(`
slos:
  - id: pay
    service: payments
    sli: { source: spans, good: status, filter: {} }
    objective: 0.99
    window: 28d
`)
if (!pay) throw new Error('spec')
// As an OpenSLO or Sloth import would give it: Vigil keeps it for rules export but cannot evaluate it.
const prom: SloSpec = {
  ...pay,
  id: 'prom',
  sli: { source: 'prometheus', errorRatioQuery: 'sum(rate(x[5m]))' },
}
const slos = [pay, prom]

const t0 = Date.parse('2026-04-01T00:00:00Z')
/** Per hour of April: 1000 events; on the 10th, 40 bad per hour, else 2. */
const hours = Array.from({ length: 30 * 24 }, (_, h) => ({
  minute: t0 + h * 3_600_000,
  total: 1000,
  bad: Math.floor(h / 24) === 9 ? 40 : 2,
  release: h < 15 * 24 ? 'v1' : 'v2',
}))

describe('SLO API, /metrics and vigil slo report', () => {
  let app: FastifyInstance
  let storage: Storage
  let db: Awaited<ReturnType<typeof rollupTestDb>>
  let remove: () => Promise<void>
  let url: string

  beforeAll(async () => {
    const temp = await tempDir()
    remove = temp.remove
    storage = await openStorage({ dataDir: temp.dir })
    db = await rollupTestDb()
    const rows = hours.map((h) => `('pay', ${h.minute}, ${h.total - h.bad}, ${h.total})`)
    await db.connection.run(`INSERT INTO slo_minutes VALUES ${rows.join(', ')}`)
    const slices = hours.map(
      (h) => `('pay', 'release', '${h.release}', ${h.minute}, ${h.total - h.bad}, ${h.total})`,
    )
    await db.connection.run(`INSERT INTO slo_minute_slices VALUES ${slices.join(', ')}`)
    const service = new SloService({
      slos,
      read: (id, from, to) => loadBuckets(db.connection, id, from, to),
      readSlices: (id, by, from, to) => loadSliceTotals(db.connection, id, by, from, to),
      now: () => Date.parse('2026-04-20T00:00:00Z'),
    })
    service.recordAdded(new Map([['pay', { good: 9.5, total: 10 }]]))
    await service.refresh()
    app = await buildApp({
      config: { ...defaultConfig, data: { dir: temp.dir } },
      storage,
      slos: service,
      logger: false,
    })
    url = await app.listen({ host: '127.0.0.1', port: 0 })
  })

  afterAll(async () => {
    await app.close()
    await storage.close()
    await db.close()
    await remove()
  })

  const sum = (from: number, to: number) => {
    const inside = hours.filter((h) => h.minute >= from && h.minute < to)
    const total = inside.reduce((n, h) => n + h.total, 0)
    const bad = inside.reduce((n, h) => n + h.bad, 0)
    return { total, bad }
  }

  it('lists every evaluable SLO and names the ones it cannot evaluate', async () => {
    const res = await app.inject({ url: '/api/slos' })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.slos.map((s: { id: string }) => s.id)).toEqual(['pay'])
    expect(body.notEvaluated).toEqual(['prom'])
  })

  it('evaluates a past instant exactly', async () => {
    const at = '2026-04-12T06:00:00.000Z'
    const res = await app.inject({ url: `/api/slos/pay?at=${at}` })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    const end = Date.parse(at)
    const c = sum(end - 28 * 86_400_000, end)
    expect(body.at).toBe(at)
    expect(body.counts).toEqual({ good: c.total - c.bad, total: c.total })
    expect(body.sli).toBeCloseTo((c.total - c.bad) / c.total, 12)
    expect(body.budget.remaining).toBeCloseTo(1 - c.bad / c.total / 0.01, 9)
    const d = sum(end - 86_400_000, end)
    expect(body.burnRates['1d']).toBeCloseTo(d.bad / d.total / 0.01, 9)
    expect(Object.keys(body.burnRates)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', 'period'])
    expect(['ok', 'firing', 'insufficientData']).toContain(body.alerts.page)
  })

  it('answers 404, and 400 for bad input and Prometheus SLIs', async () => {
    expect((await app.inject({ url: '/api/slos/nope' })).statusCode).toBe(404)
    expect((await app.inject({ url: '/api/slos/pay?at=yesterday' })).statusCode).toBe(400)
    expect((await app.inject({ url: '/api/slos/prom' })).statusCode).toBe(400)
    expect((await app.inject({ url: '/api/slos/pay/attribution?by=planet' })).statusCode).toBe(400)
    expect((await app.inject({ url: '/api/reports/sla?month=2026-13' })).statusCode).toBe(400)
    expect((await app.inject({ url: '/api/slos/pay/series?step=1s' })).statusCode).toBe(400)
  })

  it('serves a series and an attribution', async () => {
    const series = await app.inject({
      url: '/api/slos/pay/series?from=2026-04-10T00:00:00Z&to=2026-04-11T00:00:00Z&step=6h',
    })
    expect(series.statusCode).toBe(200)
    expect(series.json().points).toHaveLength(4)
    const res = await app.inject({
      url: '/api/slos/pay/attribution?from=2026-04-01T00:00:00Z&to=2026-04-30T00:00:00Z&by=release',
    })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    const v1 = hours.filter((h) => h.release === 'v1').reduce((n, h) => n + h.bad, 0)
    const all = sum(t0, Date.parse('2026-04-30T00:00:00Z'))
    expect(body.slices[0].value).toBe('v1')
    expect(body.slices[0].shareOfBad).toBeCloseTo(v1 / all.bad, 12)
  })

  it('exposes SLO gauges and the SLI counters on /metrics', async () => {
    const text = (await app.inject({ url: '/metrics' })).body
    expect(text).toContain('vigil_sli_events_total{slo="pay",kind="good"} 9.5')
    expect(text).toContain('vigil_sli_events_total{slo="pay",kind="total"} 10')
    expect(text).not.toContain('vigil_sli_events_total{slo="prom"')
    expect(text).toMatch(/vigil_slo_sli\{slo="pay"\} 0\.9\d+/)
    expect(text).toMatch(/vigil_slo_burn_rate\{slo="pay",window="1h"\} /)
    expect(text).toContain('vigil_slo_alert{slo="pay",severity="page"}')
    expect(text).toMatch(/vigil_slo_error_budget_remaining\{slo="pay"\} /)
  })

  it('prints the SLA report of a month through the CLI', async () => {
    const out: string[] = []
    const err: string[] = []
    const code = await sloReport(
      { month: '2026-04', collector: url },
      { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    )
    expect(err.join('')).toBe('')
    expect(code).toBe(0)
    const text = out.join('')
    const april = sum(t0, Date.parse('2026-05-01T00:00:00Z'))
    const attained = `${(((april.total - april.bad) / april.total) * 100).toFixed(3)}%`
    expect(text).toContain(attained)
    expect(text).toMatch(/pay\s+99\.000%/)
    expect(text).toContain('2026-04-10')
    expect(text).toContain((april.total - april.bad) / april.total >= 0.99 ? 'met' : 'MISSED')
    const usage = await sloReport({ month: 'April', collector: url }, { stdout: () => {}, stderr: () => {} })
    expect(usage).toBe(2)
  })
})
