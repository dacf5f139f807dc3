import type { DuckDBConnection } from '@duckdb/node-api'
import type { Counts } from '@vigil/slo'
import type { SloDimension } from './sliRelations.js'

/** Weighted counts of one value of a dimension over a time range. */
export interface SliceTotals extends Counts {
  value: string
}

/** Counts per value of `dimension` for one SLO over `[from, to)` (epoch ms), most bad first. */
export const loadSliceTotals = async (
  connection: DuckDBConnection,
  sloId: string,
  dimension: SloDimension,
  from: number,
  to: number,
): Promise<SliceTotals[]> => {
  const reader = await connection.runAndReadAll(
    `SELECT value, sum(good)::DOUBLE, sum(total)::DOUBLE FROM slo_minute_slices
      WHERE slo = $1 AND dimension = $2 AND minute >= $3 AND minute < $4
      GROUP BY value ORDER BY sum(total) - sum(good) DESC, value`,
    [sloId, dimension, from, to],
  )
  return reader.getRowsJS().map(([value, good, total]) => ({
    value: String(value),
    good: Number(good),
    total: Number(total),
  }))
}
