import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeBatch } from './encodeBatch.js'
import { InboxLog } from './InboxLog.js'
import { StagedCommitter } from './StagedCommitter.js'
import { stagingTables } from './stagingTables.js'
import { type MigratedDatabase, migratedDatabase } from './testing/migratedDatabase.js'
import { spanRow } from './testing/rows.js'

describe('StagedCommitter', () => {
  let db: MigratedDatabase
  beforeEach(async () => {
    db = await migratedDatabase()
  })
  afterEach(async () => db.close())

  /** Fills `otel_inbox` as the writer does: a file segment DuckDB refuses (one bad row among good ones). */
  const refusedSegment = async (committer: StagedCommitter) => {
    const { log } = await InboxLog.open(join(db.dir, 'inbox'), 0)
    const good = encodeBatch({ spans: [spanRow(0), spanRow(1), spanRow(2)] }).spans
    // Decoders never produce such text; it stands for any row DuckDB refuses.
    const bad = encodeBatch({ spans: [spanRow(8, { spanAttributes: '{"unterminated":' })] }).spans
    await log.append([[good, bad], [], []])
    const segment = log.seal()!
    expect(await committer.promoteSegment(segment)).toBe(0)
    await log.close()
  }

  it('keeps the inbox whole when a promotion fails for a reason other than the rows, and promotes it later', async () => {
    const committer = await StagedCommitter.create(db.connection, stagingTables)
    await refusedSegment(committer)
    expect(await committer.inboxRows()).toBe(4)
    expect(await db.count('SELECT PromotedThrough FROM otel_inbox_log')).toBe(1)
    // Not the rows' fault: the staging table the promotion fills is gone.
    await db.connection.run('DROP TABLE staging_spans')
    await expect(committer.promote()).rejects.toThrow(/staging_spans/)
    expect(await committer.inboxRows()).toBe(4)
    expect(await db.count('SELECT count(*) FROM otel_inbox_rejected')).toBe(0)
    expect(await db.count('SELECT count(*) FROM otel_traces')).toBe(0)

    const again = await StagedCommitter.create(db.connection, stagingTables)
    expect(await again.promote()).toEqual({ rows: 3, rejectedRows: 1 })
    expect(await db.count('SELECT count(*) FROM otel_traces')).toBe(3)
    expect(await again.inboxRows()).toBe(0)
  })
})
