import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { migrate } from '../../storage/migrations.js'
import { tempDir } from '../../storage/testing/tempDir.js'
import { encodeRumRow } from '../encodeRumRow.js'
import type { RumRow } from '../RumRow.js'
import { RumStaging } from '../RumStaging.js'

/**
 * A DuckDB file in a temp dir, migrated, with the RUM staging tables, and a way to commit rows as the
 * storage writer does; lets the RUM SQL be tested without the whole storage.
 */
export const rumConnection = async () => {
  const temp = await tempDir()
  const instance = await DuckDBInstance.create(`${temp.dir}/rum.duckdb`)
  const connection: DuckDBConnection = await instance.connect()
  await migrate(connection)
  await RumStaging.create(connection)
  let nextWrite = 0
  /** Commits several writes in one transaction; answers the new rows of each. */
  const commit = async (...writes: readonly RumRow[][]): Promise<number[]> => {
    const numbers = writes.map(() => nextWrite++)
    await connection.run('BEGIN TRANSACTION')
    const appender = await connection.createAppender('staging_rum')
    for (const [k, rows] of writes.entries()) {
      for (const [i, row] of rows.entries()) {
        appender.appendVarchar(encodeRumRow(row, numbers[k] ?? 0, i))
        appender.endRow()
      }
    }
    appender.closeSync()
    const counts = await RumStaging.commitStaged(connection)
    await connection.run('COMMIT')
    return numbers.map((w) => counts.get(w) ?? 0)
  }
  const close = async () => {
    connection.closeSync()
    instance.closeSync()
    await temp.remove()
  }
  return { connection, commit, close }
}
