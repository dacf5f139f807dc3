import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { SpanRow } from '../otlp/rows.js'
import { encodeBatch } from './encodeBatch.js'
import { migrate } from './migrations.js'
import { openDatabase, RowGroupRows } from './openDatabase.js'
import { DatabaseFileName } from './openStorage.js'
import { StagedCommitter } from './StagedCommitter.js'
import { stagingTables } from './stagingTables.js'

/** What `rawAppendBaseline` measured. */
export interface RawAppendResult {
  rows: number
  /** Wall time from the first encoded row to the last commit, seconds. */
  seconds: number
  rowsPerSecond: number
}

/**
 * The fastest path from prepared `SpanRow`s to committed `otel_traces` rows, with no HTTP, no queue and
 * no inbox: encode a group, commit it through the staging tables while the next group is encoded. The
 * default group is one row group of the collector's file, the size it promotes its inbox in. Benchmarks divide end-to-end
 * throughput by this. `dataDir` should be an empty directory; the database is closed afterwards.
 */
export const rawAppendBaseline = async (
  dataDir: string,
  rows: readonly SpanRow[],
  groupRows = RowGroupRows,
): Promise<RawAppendResult> => {
  await mkdir(dataDir, { recursive: true })
  const database = await openDatabase(join(dataDir, DatabaseFileName))
  const connection = await database.connect()
  try {
    await migrate(connection)
    const committer = await StagedCommitter.create(connection, stagingTables)
    const encode = (from: number) => encodeBatch({ spans: rows.slice(from, from + groupRows) }).spans
    const started = performance.now()
    let pending: Promise<unknown> = Promise.resolve()
    for (let from = 0; from < rows.length; from += groupRows) {
      const lines = encode(from)
      await pending
      pending = committer.commitDirect([[lines], [], []])
    }
    await pending
    const seconds = (performance.now() - started) / 1000
    committer.close()
    return { rows: rows.length, seconds, rowsPerSecond: rows.length / Math.max(seconds, 1e-9) }
  } finally {
    connection.closeSync()
    database.close()
  }
}
