import { DuckDBInstance } from '@duckdb/node-api'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { rumRows } from '../rum/testing/rumRows.js'
import { sampleEvent } from '../rum/testing/sampleBatch.js'
import { openStorage } from './openStorage.js'
import type { Storage } from './Storage.js'
import { logRow, metricRow, ns, spanRow } from './testing/rows.js'
import { tempDir } from './testing/tempDir.js'

const hour = 3_600_000
const now = ns('2026-05-01T12:00:00Z')
const ago = (ms: number) => now - BigInt(ms) * 1_000_000n

describe('retention', () => {
  let dir: string
  let remove: () => Promise<void>
  let storage: Storage | undefined

  beforeEach(async () => {
    ;({ dir, remove } = await tempDir())
  })

  afterEach(async () => {
    await storage?.close()
    await remove()
  })

  const count = async (table: string) => {
    await storage?.close()
    const instance = await DuckDBInstance.create(`${dir}/vigil.duckdb`)
    const connection = await instance.connect()
    const rows = (await connection.runAndReadAll(`SELECT count(*)::INTEGER FROM ${table}`)).getRowsJson()
    connection.closeSync()
    instance.closeSync()
    storage = await openStorage({ dataDir: dir })
    return rows[0]?.[0]
  }

  it('deletes only rows older than each table’s limit', async () => {
    storage = await openStorage({ dataDir: dir, retention: { traces: hour, logs: 2 * hour } })
    const oldSpan = spanRow(0, { timestamp: ago(hour + 1) })
    const keptSpan = spanRow(4, { timestamp: ago(hour - 1) })
    await storage.write({
      spans: [oldSpan, keptSpan],
      logs: [logRow(1, { timestamp: ago(3 * hour) }), logRow(2, { timestamp: ago(hour + 1) })],
      metrics: [metricRow(1, { timestamp: ago(1000 * hour) })],
    })
    expect(await storage.enforceRetention(now)).toEqual({ traces: 1, logs: 1, metrics: 0, rum: 0 })
    expect(await storage.getTrace(oldSpan.traceId)).toEqual([])
    expect(await storage.getTrace(keptSpan.traceId)).toHaveLength(1)
    expect(await storage.enforceRetention(now)).toEqual({ traces: 0, logs: 0, metrics: 0, rum: 0 })
    expect(await count('otel_logs')).toBe(1)
    expect(await count('otel_metrics')).toBe(1)
  })

  it('deletes browser RUM events older than their limit', async () => {
    storage = await openStorage({ dataDir: dir, retention: { rum: hour } })
    const nowMs = Number(now / 1_000_000n)
    const rows = rumRows([
      sampleEvent(1, { type: 'custom', name: 'old' }),
      sampleEvent(2, { type: 'custom', name: 'kept' }),
    ]).map((row, i) => ({ ...row, timestamp: i === 0 ? nowMs - hour - 1 : nowMs - hour + 1 }))
    expect(await storage.writeRum(rows)).toMatchObject({ accepted: 2 })
    expect(await storage.enforceRetention(now)).toEqual({ traces: 0, logs: 0, metrics: 0, rum: 1 })
    expect(await count('rum_events')).toBe(1)
  })

  it('runs in the background until stopped', async () => {
    storage = await openStorage({ dataDir: dir, retention: { metrics: hour } })
    await storage.write({
      metrics: [metricRow(1, { timestamp: ago(2 * hour) }), metricRow(2, { timestamp: ago(0) })],
    })
    const clock = vi.fn(() => now)
    const job = storage.startRetentionJob(5, clock)
    await vi.waitFor(() => expect(clock).toHaveBeenCalled(), { timeout: 5000 })
    job.stop()
    await vi.waitFor(async () => expect(await count('otel_metrics')).toBe(1), { timeout: 5000 })
  })

  it('logs a failing sweep and keeps running', async () => {
    const errors: unknown[] = []
    const log = { info: () => {}, warn: () => {}, error: (object: object) => errors.push(object) }
    storage = await openStorage({ dataDir: dir, retention: { traces: Number.NaN, logs: hour }, log })
    let calls = 0
    const job = storage.startRetentionJob(5, () => {
      calls++
      if (calls === 1) throw new Error('clock broke')
      return now
    })
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2), { timeout: 5000 })
    job.stop()
    expect(errors.length).toBeGreaterThanOrEqual(1)
  })
})
