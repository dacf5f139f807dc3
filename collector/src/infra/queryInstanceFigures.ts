import { BIGINT, type DuckDBConnection, LIST, listValue, VARCHAR } from '@duckdb/node-api'
import { InfraMetrics } from './InfraMetrics.js'

/** One metric of one instance over the window. */
export interface InstanceMetricRow {
  host: string
  service: string
  instance: string
  metric: string
  /** Latest sample (points of one export summed over their attributes, e.g. heap spaces). */
  latest: number
  /** Largest sample in the window. */
  max: number
  /** Time of the latest sample, ms since the epoch. */
  latestMs: number
}

const sql = `
WITH samples AS (
  SELECT
    attr(ResourceAttributes, 'host.name') AS host,
    ServiceName AS service,
    coalesce(attr(ResourceAttributes, 'service.instance.id'), '') AS instance,
    MetricName AS metric,
    Timestamp AS ts,
    sum(Value) AS value
  FROM otel_metrics
  WHERE Timestamp >= make_timestamp_ns($1) AND Timestamp < make_timestamp_ns($2)
    AND list_contains($3, MetricName)
    AND Value IS NOT NULL AND isfinite(Value)
  GROUP BY ALL
)
SELECT host, service, instance, metric, arg_max(value, ts), max(value), epoch_ms(max(ts))::DOUBLE
FROM samples
WHERE host IS NOT NULL AND host <> ''
GROUP BY host, service, instance, metric
ORDER BY host, service, instance, metric`

/**
 * Latest and largest sample of every infrastructure metric per (host, service, instance) in `[fromNs, toNs)`.
 * Host metrics are included too: an instance that sends only those still shows on its host.
 */
export const queryInstanceFigures = async (
  connection: DuckDBConnection,
  fromNs: bigint,
  toNs: bigint,
): Promise<InstanceMetricRow[]> => {
  const reader = await connection.runAndReadAll(
    sql,
    [fromNs, toNs, listValue(Object.values(InfraMetrics))],
    [BIGINT, BIGINT, LIST(VARCHAR)],
  )
  return reader.getRowsJson().map((row) => {
    const [host, service, instance, metric, latest, max, latestMs] = row as [
      string,
      string,
      string,
      string,
      number,
      number,
      number,
    ]
    return { host, service, instance, metric, latest, max, latestMs }
  })
}
