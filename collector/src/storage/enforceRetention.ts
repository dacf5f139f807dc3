import { BIGINT, type DuckDBConnection } from '@duckdb/node-api'
import type { RetentionPolicy, RetentionResult } from './Storage.js'

/** Table holding each kind of data named in a `RetentionPolicy`. */
export const RetentionTables = {
  traces: 'otel_traces',
  logs: 'otel_logs',
  metrics: 'otel_metrics',
  rum: 'rum_events',
} as const

const nsPerMs = 1_000_000n

/**
 * Deletes rows whose `Timestamp` is older than `nowNs` minus the policy's duration, table by table
 * (each delete commits on its own). Kinds absent from the policy are kept.
 */
export const enforceRetention = async (
  connection: DuckDBConnection,
  policy: RetentionPolicy,
  nowNs: bigint,
): Promise<RetentionResult> => {
  const result: RetentionResult = { traces: 0, logs: 0, metrics: 0, rum: 0 }
  for (const kind of ['traces', 'logs', 'metrics', 'rum'] as const) {
    const keepMs = policy[kind]
    if (keepMs === undefined || !(keepMs > 0)) continue
    const cutoff = nowNs - BigInt(Math.round(keepMs)) * nsPerMs
    const deleted = await connection.run(
      `DELETE FROM ${RetentionTables[kind]} WHERE Timestamp < make_timestamp_ns($1)`,
      [cutoff],
      [BIGINT],
    )
    result[kind] = deleted.rowsChanged
  }
  return result
}
