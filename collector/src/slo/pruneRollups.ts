import type { DuckDBConnection } from '@duckdb/node-api'

/** How long minute rollups are kept: 13 months, so that a year-over-year SLA report always has its month. */
export const RollupRetentionMs = 396 * 86_400_000

/** Deletes rollup rows whose minute is before `before` (epoch ms); returns the rows removed. */
export const pruneRollups = async (connection: DuckDBConnection, before: number): Promise<number> => {
  let removed = 0
  for (const table of ['slo_minutes', 'slo_minute_slices']) {
    const result = await connection.run(`DELETE FROM ${table} WHERE minute < $1`, [before])
    removed += Number(result.rowsChanged)
  }
  return removed
}
