import { BIGINT, type DuckDBConnection } from '@duckdb/node-api'
import type { ServiceSummary } from '../Storage.js'

const sql = `
SELECT
  ServiceName,
  count(*)::BIGINT,
  count(*) FILTER (WHERE StatusCode = 'Error')::BIGINT,
  quantile_cont(Duration::DOUBLE, [0.5, 0.95, 0.99])
FROM otel_traces
WHERE Timestamp >= make_timestamp_ns($1) AND Timestamp < make_timestamp_ns($2)
GROUP BY ServiceName
ORDER BY ServiceName`

const nsPerMs = 1e6

/** Span rate, errors and exact duration percentiles per service, for spans starting in `[fromNs, toNs)`. */
export const listServices = async (
  connection: DuckDBConnection,
  fromNs: bigint,
  toNs: bigint,
): Promise<ServiceSummary[]> => {
  if (toNs <= fromNs) return []
  const reader = await connection.runAndReadAll(sql, [fromNs, toNs], [BIGINT, BIGINT])
  const windowSeconds = Number(toNs - fromNs) / 1e9
  return reader.getRowsJson().map((row) => {
    const [service, count, errors, quantiles] = row as [string, string, string, (number | null)[] | null]
    const spanCount = Number(count)
    const errorCount = Number(errors)
    const ms = (index: number) => {
      const value = quantiles?.[index]
      return value === undefined || value === null ? null : value / nsPerMs
    }
    return {
      service,
      spanCount,
      spanRate: spanCount / windowSeconds,
      errorCount,
      errorRatio: spanCount === 0 ? 0 : errorCount / spanCount,
      p50Ms: ms(0),
      p95Ms: ms(1),
      p99Ms: ms(2),
    }
  })
}
