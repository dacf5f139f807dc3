import { BIGINT, type DuckDBConnection } from '@duckdb/node-api'
import { InfraMetrics } from './InfraMetrics.js'

/** Host samples of one resource in one trend bucket. */
export interface HostBucketRow {
  host: string
  metric: string
  bucket: number
  count: number
  sum: number
  max: number
  /** Value and time (ms since the epoch) of the bucket's latest sample. */
  latest: number
  latestMs: number
}

// A sample is one export of one instance: CPU busy share averaged over logical CPUs, memory in state
// `used`, the fullest mount point. Two instances on one host both report the host; their samples are
// pooled, which averages them rather than counting the host twice.
const sql = `
WITH points AS (
  SELECT
    attr(ResourceAttributes, 'host.name') AS host,
    attr(ResourceAttributes, 'service.instance.id') AS instance,
    MetricName AS metric,
    Timestamp AS ts,
    Value AS value,
    CASE MetricName
      WHEN $4 THEN attr(Attributes, 'system.cpu.state')
      WHEN $5 THEN attr(Attributes, 'system.memory.state')
    END AS state
  FROM otel_metrics
  WHERE Timestamp >= make_timestamp_ns($1) AND Timestamp < make_timestamp_ns($2)
    AND MetricName IN ($4, $5, $6)
    AND Value IS NOT NULL AND isfinite(Value)
),
samples AS (
  SELECT host, metric, ts,
    CASE metric
      WHEN $4 THEN 1 - avg(value) FILTER (WHERE state = 'idle')
      WHEN $5 THEN max(value) FILTER (WHERE state = 'used')
      ELSE max(value)
    END AS value
  FROM points
  WHERE host IS NOT NULL AND host <> ''
  GROUP BY host, instance, metric, ts
)
SELECT
  host,
  metric,
  ((epoch_ns(ts) - $1) // $3)::INTEGER AS bucket,
  count(*)::INTEGER,
  sum(value),
  max(value),
  arg_max(value, ts),
  epoch_ms(max(ts))::DOUBLE
FROM samples
WHERE value IS NOT NULL
GROUP BY host, metric, bucket
ORDER BY host, metric, bucket`

/** Per host, resource and bucket of `bucketNs` from `fromNs`: the samples of CPU, memory and disk in `[fromNs, toNs)`. */
export const queryHostSeries = async (
  connection: DuckDBConnection,
  fromNs: bigint,
  toNs: bigint,
  bucketNs: bigint,
): Promise<HostBucketRow[]> => {
  const reader = await connection.runAndReadAll(
    sql,
    [fromNs, toNs, bucketNs, InfraMetrics.systemCpu, InfraMetrics.systemMemory, InfraMetrics.filesystem],
    [BIGINT, BIGINT, BIGINT],
  )
  return reader.getRowsJson().map((row) => {
    const [host, metric, bucket, count, sum, max, latest, latestMs] = row as [
      string,
      string,
      number,
      number,
      number,
      number,
      number,
      number,
    ]
    return { host, metric, bucket, count, sum, max, latest, latestMs }
  })
}
