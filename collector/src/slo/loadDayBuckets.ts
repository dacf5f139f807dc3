import { DOUBLE, type DuckDBConnection, LIST, listValue, VARCHAR } from '@duckdb/node-api'
import type { MinuteBucket } from '@vigil/slo'

/**
 * The buckets of several SLOs summed per day: `dayStarts` are the (ascending) instants days begin,
 * local midnights of some zone; every minute in `[dayStarts[0], end)` is added to the day it falls
 * in, and that day's bucket carries the day's start as its `minute`. Sums over whole days are
 * unchanged, and a month report reads 31 rows per SLO instead of 44 640.
 */
export const loadDayBuckets = async (
  connection: DuckDBConnection,
  sloIds: readonly string[],
  dayStarts: readonly number[],
  end: number,
): Promise<Map<string, MinuteBucket[]>> => {
  const out = new Map<string, MinuteBucket[]>()
  const first = dayStarts[0]
  if (sloIds.length === 0 || first === undefined) return out
  const reader = await connection.runAndReadAll(
    `SELECT m.slo, d.day_start, sum(m.good)::DOUBLE, sum(m.total)::DOUBLE
      FROM (SELECT slo, minute::DOUBLE AS minute, good, total FROM slo_minutes
            WHERE list_contains($1, slo) AND minute >= $3 AND minute < $4) m
      ASOF JOIN (SELECT unnest($2) AS day_start) d ON m.minute >= d.day_start
      GROUP BY m.slo, d.day_start ORDER BY m.slo, d.day_start`,
    [listValue([...sloIds]), listValue([...dayStarts]), first, end],
    { 1: LIST(VARCHAR), 2: LIST(DOUBLE) },
  )
  for (const [slo, day, good, total] of reader.getRowsJS()) {
    const list = out.get(String(slo)) ?? []
    list.push({ minute: Number(day), good: Number(good), total: Number(total) })
    out.set(String(slo), list)
  }
  return out
}
