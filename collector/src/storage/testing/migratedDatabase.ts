import { join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { migrate } from '../migrations.js'
import { openDatabase } from '../openDatabase.js'
import { tempDir } from './tempDir.js'

/** A migrated `vigil.duckdb` in a fresh temporary directory, with one connection. */
export interface MigratedDatabase {
  dir: string
  connection: DuckDBConnection
  /** The first column of the first row `sql` answers, as a number. */
  count(sql: string): Promise<number>
  /** Closes the database and removes the directory. */
  close(): Promise<void>
}

/** `threads` sets DuckDB's threads (and with them its memory limit), as on a machine with `threads + 1` cores. */
export const migratedDatabase = async (options: { threads?: number } = {}): Promise<MigratedDatabase> => {
  const { dir, remove } = await tempDir()
  const database = await openDatabase(join(dir, 'vigil.duckdb'), options)
  const connection = await database.connect()
  await migrate(connection)
  return {
    dir,
    connection,
    count: async (sql) => Number((await connection.runAndReadAll(sql)).getRows()[0]?.[0]),
    close: async () => {
      connection.closeSync()
      database.close()
      await remove()
    },
  }
}
