import { join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeBatch } from './encodeBatch.js'
import { migrate } from './migrations.js'
import { type Database, openDatabase } from './openDatabase.js'
import { StagedCommitter } from './StagedCommitter.js'
import { stagingTables } from './stagingTables.js'
import { spanRow } from './testing/rows.js'
import { tempDir } from './testing/tempDir.js'

describe('StagedCommitter', () => {
  let database: Database
  let connection: DuckDBConnection
  let remove: () => Promise<void>

  beforeEach(async () => {
    const temp = await tempDir()
    remove = temp.remove
    database = await openDatabase(join(temp.dir, 'vigil.duckdb'))
    connection = await database.connect()
    await migrate(connection)
  })

  afterEach(async () => {
    connection.closeSync()
    database.close()
    await remove()
  })

  const count = async (sql: string) => Number((await connection.runAndReadAll(sql)).getRows()[0]?.[0])

  it('keeps the inbox whole when a promotion fails for a reason other than the rows, and promotes it later', async () => {
    const committer = await StagedCommitter.create(connection, stagingTables)
    const spans = encodeBatch({ spans: [spanRow(0), spanRow(1), spanRow(2)] }).spans
    await committer.accept([[spans], [], []])
    expect(await committer.inboxRows()).toBe(3)
    // Not the rows' fault: the staging table the promotion fills is gone.
    await connection.run('DROP TABLE staging_spans')
    await expect(committer.promote()).rejects.toThrow(/staging_spans/)
    expect(await committer.inboxRows()).toBe(3)
    expect(await count('SELECT count(*) FROM otel_inbox_rejected')).toBe(0)
    expect(await count('SELECT count(*) FROM otel_traces')).toBe(0)

    const again = await StagedCommitter.create(connection, stagingTables)
    expect(await again.promote()).toEqual({ rows: 3, rejectedRows: 0 })
    expect(await count('SELECT count(*) FROM otel_traces')).toBe(3)
    expect(await again.inboxRows()).toBe(0)
  })
})
