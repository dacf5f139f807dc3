import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import {
  buildApp,
  loadBuckets,
  loadBucketsMany,
  loadConfig,
  loadDayBuckets,
  loadSliceTotals,
  openStorage,
  SloService,
  slaReport,
  sloRollupMigration,
  sloSeries,
} from '@vigil/collector'

export interface SloQueriesOptions {
  /** Events the rollups stand for (default 10 M). */
  events?: number
  /** Days of history (default 35: a whole month plus the 3-day burn windows). */
  days?: number
  /** Timed repetitions of each query; the median is reported. */
  runs?: number
}

export interface SloQueriesResult {
  events: number
  slos: number
  days: number
  minuteRows: number
  sliceRows: number
  runs: number
  /** Median milliseconds of each measurement. */
  medianMs: {
    baselineCount: number
    getSlos: number
    statusAll: number
    series30d: number
    slaMonth: number
    attribution30d: number
  }
  /** Each median over the baseline's. */
  ratio: { getSlos: number; statusAll: number; series30d: number; slaMonth: number; attribution30d: number }
  seriesPoints: number
}

const sloCount = 20
const routes = 4

/** 20 SLOs as a collector config declares them: calendar, 28-day and 30-day windows, two objectives. */
const specs = (dir: string) => {
  const lines = ['slos:']
  for (let i = 0; i < sloCount; i++) {
    const window = i % 4 === 0 ? '{ calendar: month, timeZone: Europe/Berlin }' : i % 2 === 0 ? '28d' : '30d'
    lines.push(
      `  - id: slo-${i}`,
      `    service: svc-${i}`,
      `    sli: { source: spans, good: ${i % 2 === 0 ? 'status' : 'latency'}, ${i % 2 === 0 ? '' : 'thresholdMs: 300, '}filter: {} }`,
      `    objective: ${i % 3 === 0 ? 0.999 : 0.99}`,
      `    window: ${window}`,
    )
  }
  writeFileSync(join(dir, 'vigil.yaml'), `${lines.join('\n')}\n`)
  return loadConfig({ cwd: dir, env: {} }).slos
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

const time = async (runs: number, body: () => Promise<unknown>): Promise<number> => {
  await body()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await body()
    samples.push(performance.now() - start)
  }
  return median(samples)
}

/**
 * Fills the rollup tables with `events` events' worth of minute rows for 20 SLOs (every SLO has
 * traffic every minute; per-minute totals vary by a hash so that sums are not trivial), split by
 * route for attribution, then times the collector's SLO queries against a plain scan summing
 * `slo_minutes` measured in the same run.
 */
export const benchSloQueries = async (options: SloQueriesOptions = {}): Promise<SloQueriesResult> => {
  const events = options.events ?? 10_000_000
  const days = options.days ?? 35
  const runs = options.runs ?? 9
  const minutes = days * 1440
  const perMinute = events / (minutes * sloCount)
  const end = Date.parse('2026-04-05T00:00:00Z')
  const start = end - minutes * 60_000
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-slo-'))
  const instance = await DuckDBInstance.create(join(dir, 'slo.duckdb'))
  const connection: DuckDBConnection = await instance.connect()
  try {
    for (const statement of sloRollupMigration.statements) await connection.run(statement)
    // total per SLO-minute varies around perMinute; bad is ~1 % with a burst on one day.
    await connection.run(`INSERT INTO slo_minutes
      SELECT 'slo-' || s, ${start} + m * 60000 AS minute,
        total - bad, total
      FROM (SELECT s, m,
              greatest(1, round(${perMinute} * (0.5 + (hash(s, m) % 1000) / 1000.0)))::DOUBLE AS total,
              (CASE WHEN m // 1440 = 12 THEN 0.2 ELSE 0.01 END) AS rate
            FROM range(${sloCount}) a(s), range(${minutes}) b(m)) x,
      LATERAL (SELECT least(total, round(total * rate + (hash(m, s) % 100) / 100.0))::DOUBLE AS bad) y
      ORDER BY minute, s`)
    await connection.run(`INSERT INTO slo_minute_slices
      SELECT slo, 'route', '/route-' || r, minute, good / ${routes}, total / ${routes}
      FROM slo_minutes, range(${routes}) c(r) ORDER BY minute`)
    const count = async (table: string) =>
      Number((await connection.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRowsJS()[0]?.[0] ?? 0)
    const minuteRows = await count('slo_minutes')
    const sliceRows = await count('slo_minute_slices')
    const totalEvents = Number(
      (await connection.runAndReadAll('SELECT sum(total) FROM slo_minutes')).getRowsJS()[0]?.[0] ?? 0,
    )
    const slos = specs(dir)
    const service = new SloService({
      slos,
      read: (id, from, to) => loadBuckets(connection, id, from, to),
      readMany: (ids, from, to) => loadBucketsMany(connection, ids, from, to),
      readDays: (ids, days, dayEnd) => loadDayBuckets(connection, ids, days, dayEnd),
      readSlices: (id, by, from, to) => loadSliceTotals(connection, id, by, from, to),
    })
    await service.refresh()
    const config = loadConfig({ cwd: dir, env: {} })
    const storage = await openStorage({ dataDir: join(dir, 'store') })
    const app = await buildApp({ config, storage, slos: service, logger: false })
    const at = end - 3_600_000
    const first = slos[1]
    if (!first) throw new Error('no SLO')
    const baselineCount = await time(runs, () =>
      connection.runAndReadAll('SELECT sum(good), sum(total) FROM slo_minutes'),
    )
    const getSlos = await time(runs, async () => {
      const response = await app.inject({ url: '/api/slos' })
      if (response.statusCode !== 200) throw new Error(`GET /api/slos: ${response.statusCode}`)
    })
    const statusAll = await time(runs, () => service.evaluateAll(at))
    let seriesPoints = 0
    const series30d = await time(runs, async () => {
      seriesPoints = (await sloSeries(service, first, at - 30 * 86_400_000, at, 3_600_000)).length
    })
    const slaMonth = await time(runs, () => slaReport(service, '2026-03'))
    const attribution30d = await time(runs, () =>
      loadSliceTotals(connection, first.id, 'route', at - 30 * 86_400_000, at),
    )
    await app.close()
    await storage.close()
    const ratio = (ms: number) => Math.round((ms / baselineCount) * 10) / 10
    return {
      events: Math.round(totalEvents),
      slos: sloCount,
      days,
      minuteRows,
      sliceRows,
      runs,
      medianMs: { baselineCount, getSlos, statusAll, series30d, slaMonth, attribution30d },
      ratio: {
        getSlos: ratio(getSlos),
        statusAll: ratio(statusAll),
        series30d: ratio(series30d),
        slaMonth: ratio(slaMonth),
        attribution30d: ratio(attribution30d),
      },
      seriesPoints,
    }
  } finally {
    connection.closeSync()
    instance.closeSync()
    rmSync(dir, { recursive: true, force: true })
  }
}
