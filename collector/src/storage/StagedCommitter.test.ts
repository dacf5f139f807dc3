import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeBatch } from './encodeBatch.js'
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

  it('keeps the inbox whole when a promotion fails for a reason other than the rows, and promotes it later', async () => {
    const committer = await StagedCommitter.create(db.connection, stagingTables)
    const spans = encodeBatch({ spans: [spanRow(0), spanRow(1), spanRow(2)] }).spans
    await committer.accept([[spans], [], []])
    expect(await committer.inboxRows()).toBe(3)
    // Not the rows' fault: the staging table the promotion fills is gone.
    await db.connection.run('DROP TABLE staging_spans')
    await expect(committer.promote()).rejects.toThrow(/staging_spans/)
    expect(await committer.inboxRows()).toBe(3)
    expect(await db.count('SELECT count(*) FROM otel_inbox_rejected')).toBe(0)
    expect(await db.count('SELECT count(*) FROM otel_traces')).toBe(0)

    const again = await StagedCommitter.create(db.connection, stagingTables)
    expect(await again.promote()).toEqual({ rows: 3, rejectedRows: 0 })
    expect(await db.count('SELECT count(*) FROM otel_traces')).toBe(3)
    expect(await again.inboxRows()).toBe(0)
  })
})
