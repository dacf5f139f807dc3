import { type DuckDBConnection, LIST, listValue, VARCHAR } from '@duckdb/node-api'
import type { MinuteBucket } from '@vigil/slo'
import type { SloDimension } from './sliRelations.js'

/** One value of one dimension, e.g. `{ kind: 'route', value: '/cart' }`. */
export interface DimensionValue {
  kind: SloDimension
  value: string
}

// Columns, not rows, and minutes as DOUBLE: converting 40 000 BIGINT rows one object at a time
// cost more than the query itself.
const bucketsOf = (columns: unknown[][], offset = 0): MinuteBucket[] => {
  const [minutes = [], good = [], total = []] = columns.slice(offset)
  return minutes.map((minute, i) => ({
    minute: Number(minute),
    good: Number(good[i]),
    total: Number(total[i]),
  }))
}

/**
 * The minute buckets of one SLO whose minute lies in `[from, to)` (epoch ms), in time order; with
 * `dimension`, only that slice's counts.
 */
export const loadBuckets = async (
  connection: DuckDBConnection,
  sloId: string,
  from: number,
  to: number,
  dimension?: DimensionValue,
): Promise<MinuteBucket[]> => {
  const reader =
    dimension === undefined
      ? await connection.runAndReadAll(
          `SELECT minute::DOUBLE, good, total FROM slo_minutes
            WHERE slo = $1 AND minute >= $2 AND minute < $3 ORDER BY minute`,
          [sloId, from, to],
        )
      : await connection.runAndReadAll(
          `SELECT minute::DOUBLE, good, total FROM slo_minute_slices
            WHERE slo = $1 AND dimension = $2 AND value = $3 AND minute >= $4 AND minute < $5 ORDER BY minute`,
          [sloId, dimension.kind, dimension.value, from, to],
        )
  return bucketsOf(reader.getColumnsJS())
}

/** Sorts by minute in place; a no-op pass when the scan already returned them in order (the usual case). */
const byMinute = (buckets: MinuteBucket[]): MinuteBucket[] => {
  for (let i = 1; i < buckets.length; i++) {
    if ((buckets[i - 1]?.minute ?? 0) > (buckets[i]?.minute ?? 0))
      return buckets.sort((a, b) => a.minute - b.minute)
  }
  return buckets
}

/**
 * The buckets of several SLOs in `[from, to)` with one scan, by SLO id (absent ids have none). Each
 * SLO's buckets come back as three lists: crossing into JavaScript costs per value, not per row.
 * The lists are not ordered by DuckDB (`list(… ORDER BY minute)` measured slower than the rest of
 * the read): minutes are unique per SLO, so sorting here gives the same list.
 */
export const loadBucketsMany = async (
  connection: DuckDBConnection,
  sloIds: readonly string[],
  from: number,
  to: number,
): Promise<Map<string, MinuteBucket[]>> => {
  const out = new Map<string, MinuteBucket[]>()
  if (sloIds.length === 0) return out
  const reader = await connection.runAndReadAll(
    `SELECT slo, list(minute::DOUBLE), list(good), list(total)
      FROM slo_minutes WHERE list_contains($1, slo) AND minute >= $2 AND minute < $3 GROUP BY slo`,
    [listValue([...sloIds]), from, to],
    { 1: LIST(VARCHAR) },
  )
  for (const [slo, minutes, good, total] of reader.getRowsJS()) {
    out.set(String(slo), byMinute(bucketsOf([minutes, good, total] as unknown[][])))
  }
  return out
}
