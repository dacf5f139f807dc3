import { join } from 'node:path'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { parseSloSpec, type SloSpec } from '@vigil/slo'
import { migrate, migrations } from '../storage/migrations.js'
import { tempDir } from '../storage/testing/tempDir.js'

/** A migrated DuckDB file in a temp dir, with the SLO rollup tables; `close` removes it. */
export const rollupTestDb = async (): Promise<{
  connection: DuckDBConnection
  close: () => Promise<void>
}> => {
  const dir = await tempDir()
  const instance = await DuckDBInstance.create(join(dir.dir, 'slo.duckdb'))
  const connection = await instance.connect()
  await migrate(connection, migrations)
  return {
    connection,
    close: async () => {
      connection.closeSync()
      instance.closeSync()
      await dir.remove()
    },
  }
}

/** SLOs from YAML; throws on any spec error (tests only). */
export const slosFrom = (yaml: string): SloSpec[] => {
  const result = parseSloSpec(yaml, 'test.yaml')
  if (!result.ok) throw new Error(JSON.stringify(result.issues))
  return result.slos
}

/** Canonical RUM columns as a TEMP table, standing in for the RUM staging relation. */
export const rumTestTable = `CREATE TEMP TABLE rum_test (
  Timestamp TIMESTAMP, ViewTimestamp TIMESTAMP, EventType VARCHAR, SampleRate DOUBLE, Sign DOUBLE, Route VARCHAR,
  Release VARCHAR, Browser VARCHAR, Country VARCHAR, Journey VARCHAR, Step VARCHAR, Status VARCHAR,
  VitalName VARCHAR, VitalValue DOUBLE, FirstErrorOfView BOOLEAN
)`
