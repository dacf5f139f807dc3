import { BIGINT, type DuckDBConnection, INTEGER, VARCHAR } from '@duckdb/node-api'
import type { RumErrorGroup, RumErrorsQuery } from '../RumStore.js'

const sql = `
SELECT App, Fingerprint,
  arg_max(Name, Timestamp), arg_max(Message, Timestamp),
  count(*)::BIGINT,
  sum((1 + coalesce(Value, 0)) / SampleRate),
  count(DISTINCT SessionId)::BIGINT,
  count(*) FILTER (WHERE Status = 'unhandled') / count(*),
  strftime(min(Timestamp), '%Y-%m-%dT%H:%M:%S.%gZ'),
  strftime(max(Timestamp), '%Y-%m-%dT%H:%M:%S.%gZ'),
  arg_max(json_extract_string(Detail, '$.stack[0]'), Timestamp)
FROM rum_events
WHERE Type = 'error' AND Timestamp >= make_timestamp_ns($1) AND Timestamp < make_timestamp_ns($2)
  AND ($3::VARCHAR IS NULL OR App = $3)
GROUP BY App, Fingerprint
ORDER BY 6 DESC, App, Fingerprint
LIMIT $4`

type Row = [string, string, string, string, string, number, string, number, string, string, string | null]

/** Errors in `[fromNs, toNs)` grouped by fingerprint, the most frequent (weighted by sampling) first. */
export const queryRumErrors = async (
  connection: DuckDBConnection,
  query: RumErrorsQuery,
): Promise<RumErrorGroup[]> => {
  if (query.toNs <= query.fromNs) return []
  const reader = await connection.runAndReadAll(
    sql,
    [query.fromNs, query.toNs, query.app ?? null, query.limit],
    [BIGINT, BIGINT, VARCHAR, INTEGER],
  )
  return reader.getRowsJson().map((row) => {
    const [
      app,
      fingerprint,
      errorType,
      message,
      events,
      occurrences,
      sessions,
      unhandled,
      first,
      last,
      frame,
    ] = row as Row
    return {
      app,
      fingerprint,
      errorType,
      message,
      events: Number(events),
      occurrences,
      sessions: Number(sessions),
      unhandledShare: unhandled,
      firstSeen: first,
      lastSeen: last,
      topFrame: frame === null ? null : (JSON.parse(frame) as RumErrorGroup['topFrame']),
    }
  })
}
