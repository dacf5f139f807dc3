import { appendFile, copyFile, cp, mkdir, readdir, stat } from 'node:fs/promises'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStorage } from './openStorage.js'
import { QueueFullError } from './QueueFullError.js'
import type { Storage } from './Storage.js'
import { StorageClosedError } from './StorageClosedError.js'
import { logRow, metricRow, spanRow } from './testing/rows.js'
import { tempDir } from './testing/tempDir.js'

/** Runs `sql` against the database file once storage is closed. */
const queryFile = async (file: string, sql: string) => {
  const instance = await DuckDBInstance.create(file)
  const connection = await instance.connect()
  try {
    return (await connection.runAndReadAll(sql)).getRowsJson()
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

describe('openStorage', () => {
  let dir: string
  let remove: () => Promise<void>
  let storage: Storage | undefined

  beforeEach(async () => {
    ;({ dir, remove } = await tempDir())
  })

  afterEach(async () => {
    await storage?.close()
    storage = undefined
    await remove()
  })

  it('groups concurrent writes into one commit and resolves each after it', async () => {
    storage = await openStorage({ dataDir: dir })
    const writes = Array.from({ length: 20 }, (_, i) =>
      storage!.write({ spans: [spanRow(i * 2), spanRow(i * 2 + 1)] }),
    )
    expect(storage.queueDepth()).toBe(40)
    await Promise.all(writes)
    expect(storage.queueDepth()).toBe(0)
    const stats = storage.stats()
    expect(stats.commits).toBe(1)
    expect(stats.rowsWritten).toEqual({ spans: 40, logs: 0, metrics: 0, rum: 0 })
    expect(stats.commitSecondsTotal).toBeGreaterThan(0)
    expect(stats.lastCommitSeconds).toBe(stats.commitSecondsTotal)
    expect(await storage.getTrace(spanRow(39).traceId)).toHaveLength(4)
  })

  it('splits a backlog into groups of at most maxGroupRows', async () => {
    storage = await openStorage({ dataDir: dir, maxGroupRows: 10 })
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        storage!.write({ spans: [0, 1, 2, 3].map((k) => spanRow(i * 4 + k)) }),
      ),
    )
    expect(storage.stats().commits).toBe(3)
    expect(storage.stats().rowsWritten.spans).toBe(24)
  })

  it('refuses writes beyond maxQueuedRows at once and keeps earlier data', async () => {
    storage = await openStorage({ dataDir: dir, maxQueuedRows: 10 })
    await storage.write({ spans: [spanRow(0)] })
    const accepted = storage.write({ spans: Array.from({ length: 8 }, (_, i) => spanRow(4 + i)) })
    const refused = storage.write({ spans: [spanRow(20), spanRow(21), spanRow(22)] })
    await expect(refused).rejects.toBeInstanceOf(QueueFullError)
    await refused.catch((error: QueueFullError) => {
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1)
      expect(error.queuedRows).toBe(8)
    })
    await accepted
    expect(storage.stats().rejectedQueueFull).toBe(1)
    expect(await storage.getTrace(spanRow(0).traceId)).toHaveLength(1)
    expect(await storage.getTrace(spanRow(4).traceId)).toHaveLength(4)
    expect(await storage.getTrace(spanRow(20).traceId)).toEqual([])
    // Once drained the queue takes writes again.
    await storage.write({ spans: [spanRow(20)] })
    expect(await storage.getTrace(spanRow(20).traceId)).toHaveLength(1)
  })

  it('takes a single write larger than the queue when nothing else waits', async () => {
    storage = await openStorage({ dataDir: dir, maxQueuedRows: 2 })
    await storage.write({ spans: [spanRow(0), spanRow(1), spanRow(2)] })
    expect(storage.stats().rowsWritten.spans).toBe(3)
  })

  it('sets aside, with the reason, an accepted row that cannot be stored, and stores the others', async () => {
    storage = await openStorage({ dataDir: dir })
    await storage.write({ spans: [spanRow(0)] })
    // Decoders never produce such text; this stands for any row DuckDB refuses after it was acknowledged.
    const broken = storage.write({ spans: [spanRow(8, { spanAttributes: '{"unterminated":' })] })
    const good = storage.write({ spans: [spanRow(4)], logs: [logRow(1)] })
    await Promise.all([broken, good])
    expect(await storage.getTrace(spanRow(0).traceId)).toHaveLength(1)
    expect(await storage.getTrace(spanRow(4).traceId)).toHaveLength(1)
    expect(await storage.getTrace(spanRow(8).traceId)).toEqual([])
    expect(storage.stats()).toMatchObject({ rejectedInboxRows: 1, inboxRows: 0, failedCommits: 0 })
    await storage.close()
    storage = undefined
    const [[count, lines, error]] = (await queryFile(
      `${dir}/vigil.duckdb`,
      'SELECT RowCount, decode(Lines), Error FROM otel_inbox_rejected',
    )) as [[number, string, string]]
    expect(count).toBe(1)
    expect(lines).toContain('"unterminated":')
    expect(error).toMatch(/JSON/i)
    expect(await queryFile(`${dir}/vigil.duckdb`, 'SELECT count(*)::INTEGER FROM otel_inbox')).toEqual([[0]])
  })

  it('stores a large write whole, though the inbox holds it in several rows', async () => {
    storage = await openStorage({ dataDir: dir })
    const big = 'x'.repeat(1000)
    const rows = Array.from({ length: 300 }, (_, i) => spanRow(i, { statusMessage: `${i}:${big}` }))
    await storage.write({ spans: rows })
    const [summary] = await storage.listServices(rows[0]!.timestamp, rows[299]!.timestamp + 1n)
    expect(summary?.spanCount).toBe(300)
    const trace = await storage.getTrace(rows[299]!.traceId)
    expect(trace.map((span) => span.status.message.split(':')[0]).sort()).toEqual([
      '296',
      '297',
      '298',
      '299',
    ])
  })

  it('close drains queued writes, then refuses new ones; data survives a reopen', async () => {
    storage = await openStorage({ dataDir: dir })
    expect(storage.isReady()).toBe(true)
    const writes = Array.from({ length: 5 }, (_, i) => storage!.write({ spans: [spanRow(i * 4)] }))
    const closed = storage.close()
    expect(storage.isReady()).toBe(false)
    await expect(storage.write({ spans: [spanRow(100)] })).rejects.toBeInstanceOf(StorageClosedError)
    await Promise.all(writes)
    await closed
    storage = await openStorage({ dataDir: dir })
    for (let i = 0; i < 5; i++) expect(await storage.getTrace(spanRow(i * 4).traceId)).toHaveLength(1)
    expect(await storage.getTrace(spanRow(100).traceId)).toEqual([])
  })

  it('has every acknowledged row on disk before close (what a kill -9 would leave)', async () => {
    storage = await openStorage({ dataDir: dir })
    await storage.write({ spans: [spanRow(0), spanRow(1)] })
    // Copy the files while the database is still open, as a crash would find them.
    await mkdir(`${dir}/crash`)
    await copyFile(`${dir}/vigil.duckdb`, `${dir}/crash/vigil.duckdb`)
    await cp(`${dir}/inbox`, `${dir}/crash/inbox`, { recursive: true })
    const wal = await stat(`${dir}/vigil.duckdb.wal`).catch(() => undefined)
    if (wal !== undefined) await copyFile(`${dir}/vigil.duckdb.wal`, `${dir}/crash/vigil.duckdb.wal`)
    const copy = await openStorage({ dataDir: `${dir}/crash` })
    try {
      expect(await copy.getTrace(spanRow(0).traceId)).toHaveLength(2)
    } finally {
      await copy.close()
    }
  })

  it('promotes each accepted row exactly once, whenever a crash comes', async () => {
    storage = await openStorage({ dataDir: dir })
    await storage.write({ spans: [spanRow(0), spanRow(1)] })
    // A crash after the rows were acknowledged: the inbox as it was then.
    await cp(`${dir}/inbox`, `${dir}/inbox-then`, { recursive: true })
    expect(await storage.getTrace(spanRow(0).traceId)).toHaveLength(2)
    await storage.close()
    storage = undefined
    // …and one after the promotion committed but before its files were removed: they come back, and the
    // database's mark says they are in already.
    await cp(`${dir}/inbox-then`, `${dir}/inbox`, { recursive: true })
    storage = await openStorage({ dataDir: dir })
    expect(await storage.getTrace(spanRow(0).traceId)).toHaveLength(2)
    expect(storage.stats().inboxRows).toBe(0)
  })

  it('after a crash, promotes the rows of a torn inbox file up to its last whole line', async () => {
    storage = await openStorage({ dataDir: dir })
    await storage.write({ spans: [spanRow(0), spanRow(1)] })
    await mkdir(`${dir}/crash`)
    await copyFile(`${dir}/vigil.duckdb`, `${dir}/crash/vigil.duckdb`)
    await cp(`${dir}/inbox`, `${dir}/crash/inbox`, { recursive: true })
    const [file] = await readdir(`${dir}/crash/inbox`)
    await appendFile(`${dir}/crash/inbox/${file}`, '{"ts":17000000,"tid":"0a')
    const copy = await openStorage({ dataDir: `${dir}/crash` })
    try {
      expect(await copy.getTrace(spanRow(0).traceId)).toHaveLength(2)
      expect(copy.stats()).toMatchObject({ inboxRows: 0, rejectedInboxRows: 0 })
    } finally {
      await copy.close()
    }
  })

  it('stores logs and metric points of every type with exact values', async () => {
    storage = await openStorage({ dataDir: dir })
    await storage.write({
      logs: [logRow(1, { body: '{"k":[1,"x"]}', logAttributes: '{"big":12345678901234567890}' }), logRow(2)],
      metrics: [
        metricRow(1, { value: Number.NaN }),
        metricRow(2, {
          type: 'sum',
          value: Number.NEGATIVE_INFINITY,
          aggregationTemporality: 2,
          isMonotonic: true,
        }),
        metricRow(3, {
          type: 'histogram',
          value: null,
          count: 18446744073709551615n,
          sum: 12.5,
          min: 0.5,
          max: 7,
          bucketCounts: [1n, 18446744073709551614n],
          explicitBounds: [2.5],
        }),
        metricRow(4, {
          type: 'exponential_histogram',
          value: null,
          count: 6n,
          scale: -3,
          zeroCount: 2n,
          zeroThreshold: 1e-9,
          positiveOffset: -2,
          positiveBucketCounts: [1n, 2n],
          negativeOffset: 5,
          negativeBucketCounts: [1n],
          exemplars: '[{"value":3,"traceId":"ab"}]',
        }),
        metricRow(5, {
          type: 'summary',
          value: null,
          count: 4n,
          sum: 10,
          quantiles: [0.5, 1],
          quantileValues: [2, 4],
        }),
      ],
    })
    await storage.close()
    storage = undefined
    const file = `${dir}/vigil.duckdb`
    expect(
      await queryFile(
        file,
        `SELECT Body::VARCHAR, attr(LogAttributes, 'big'), attr(LogAttributes, 'n'), SeverityNumber FROM otel_logs ORDER BY Timestamp`,
      ),
    ).toEqual([
      ['{"k":[1,"x"]}', '12345678901234567890', null, 9],
      ['"log 2"', null, '2', 9],
    ])
    expect(
      await queryFile(
        file,
        `SELECT MetricType, Value::VARCHAR, Count::VARCHAR, BucketCounts::VARCHAR, ExplicitBounds, Scale, ZeroCount::VARCHAR,
           PositiveOffset, PositiveBucketCounts::VARCHAR, NegativeOffset, Quantiles, QuantileValues, Exemplars::VARCHAR,
           AggregationTemporality, IsMonotonic
         FROM otel_metrics ORDER BY Timestamp`,
      ),
    ).toEqual([
      ['gauge', 'nan', null, '[]', [], 0, '0', 0, '[]', 0, [], [], '[]', 0, false],
      ['sum', '-inf', null, '[]', [], 0, '0', 0, '[]', 0, [], [], '[]', 2, true],
      [
        'histogram',
        null,
        '18446744073709551615',
        '[1, 18446744073709551614]',
        [2.5],
        0,
        '0',
        0,
        '[]',
        0,
        [],
        [],
        '[]',
        0,
        false,
      ],
      [
        'exponential_histogram',
        null,
        '6',
        '[]',
        [],
        -3,
        '2',
        -2,
        '[1, 2]',
        5,
        [],
        [],
        '[{"value":3,"traceId":"ab"}]',
        0,
        false,
      ],
      ['summary', null, '4', '[]', [], 0, '0', 0, '[]', 0, [0.5, 1], [2, 4], '[]', 0, false],
    ])
  })

  it('stores out-of-range times and odd strings without failing the group', async () => {
    storage = await openStorage({ dataDir: dir })
    const odd = spanRow(0, {
      timestamp: 2n ** 64n - 1n,
      duration: 2n ** 64n - 1n,
      spanName: 'lone \ud800 surrogate, nul \u0000, emoji \u{1f600}',
      events: [{ timestamp: 2n ** 63n, name: '', attributes: '{}', droppedAttributesCount: 0 }],
    })
    const neighbour = storage.write({ spans: [spanRow(4)] })
    await storage.write({ spans: [odd] })
    await neighbour
    const [span] = await storage.getTrace(odd.traceId)
    expect(span?.startTimeUnixNano).toBe('9223372036854775806')
    expect(span?.durationNano).toBe('9223372036854775806')
    expect(span?.endTimeUnixNano).toBe('18446744073709551612')
    expect(span?.events[0]?.timeUnixNano).toBe('9223372036854775806')
    expect(span?.name).toBe('lone \ufffd surrogate, nul \u0000, emoji \u{1f600}')
  })

  it('reports the size of the database file and its WAL', async () => {
    storage = await openStorage({ dataDir: dir })
    await storage.write({ spans: [spanRow(0)] })
    const db = (await stat(`${dir}/vigil.duckdb`)).size
    const wal = (await stat(`${dir}/vigil.duckdb.wal`).catch(() => undefined))?.size ?? 0
    expect(await storage.databaseSizeBytes()).toBe(db + wal)
    expect(await storage.databaseSizeBytes()).toBeGreaterThan(0)
  })
})
