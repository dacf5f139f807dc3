import { BIGINT, type DuckDBConnection, VARCHAR } from '@duckdb/node-api'
import { rateVital, type VitalName } from '@vigil/protocol'
import type { VitalSummary, VitalsGrouping, VitalsQuery } from '../RumStore.js'

/** Grouping expressions, chosen from this fixed list, never from request text. */
const groupExpression: Record<VitalsGrouping, string> = {
  page: `coalesce(l.Page, pv.Page, '(unknown)')`,
  browser: `coalesce(l.Browser, '(unknown)')`,
  device: `coalesce(l.DeviceType, '(unknown)')`,
  none: `'all'`,
}

/** A page view may have started up to this long before its vitals (sessions last at most 4 h). */
const viewLookbackNs = 4n * 3_600_000_000_000n

const sql = (by: VitalsGrouping) => `
WITH latest AS (
  SELECT App, ViewId, Page, Browser, DeviceType, Name, Value, Rating, SampleRate
  FROM rum_events
  WHERE Type = 'web_vital' AND Timestamp >= make_timestamp_ns($1) AND Timestamp < make_timestamp_ns($2)
    AND ($3::VARCHAR IS NULL OR App = $3)
  -- web-vitals reports a metric again as it changes; the latest report holds its value.
  QUALIFY row_number() OVER (PARTITION BY App, MetricId, Name ORDER BY ClientTime DESC, Value DESC) = 1
),
views AS (
  SELECT App, ViewId, any_value(Page) AS Page
  FROM rum_events
  WHERE Type = 'page_view' AND Timestamp >= make_timestamp_ns($4) AND Timestamp < make_timestamp_ns($2)
    AND ($3::VARCHAR IS NULL OR App = $3)
  GROUP BY App, ViewId
),
grouped AS (
  SELECT ${groupExpression[by]} AS grp, l.Name AS metric, l.Value, l.Rating, 1.0 / l.SampleRate AS weight
  FROM latest l ${by === 'page' ? 'LEFT JOIN views pv ON pv.App = l.App AND pv.ViewId = l.ViewId AND l.Page IS NULL' : 'LEFT JOIN views pv ON false'}
)
SELECT grp, metric, count(*)::BIGINT, sum(weight), quantile_cont(Value, 0.75),
  coalesce(sum(weight) FILTER (WHERE Rating = 'good'), 0) / sum(weight),
  coalesce(sum(weight) FILTER (WHERE Rating = 'needs-improvement'), 0) / sum(weight),
  coalesce(sum(weight) FILTER (WHERE Rating = 'poor'), 0) / sum(weight)
FROM grouped
GROUP BY grp, metric
ORDER BY sum(count(*)) OVER (PARTITION BY grp) DESC, grp, metric
LIMIT 1000`

/**
 * p75 and rating shares of each web vital per group, for vitals whose latest report falls in
 * `[fromNs, toNs)`. Each metric instance counts once with its latest value (never a sum of values).
 * Events stored without a page take it from their page view when grouping by page.
 */
export const queryVitals = async (
  connection: DuckDBConnection,
  query: VitalsQuery,
): Promise<VitalSummary[]> => {
  if (query.toNs <= query.fromNs) return []
  const reader = await connection.runAndReadAll(
    sql(query.by),
    [query.fromNs, query.toNs, query.app ?? null, query.fromNs - viewLookbackNs],
    [BIGINT, BIGINT, VARCHAR, BIGINT],
  )
  return reader.getRowsJson().map((row) => {
    const [group, metric, samples, estimated, p75, good, needsImprovement, poor] = row as [
      string,
      VitalName,
      string,
      number,
      number,
      number,
      number,
      number,
    ]
    return {
      group,
      metric,
      samples: Number(samples),
      estimatedCount: estimated,
      p75,
      p75Rating: rateVital(metric, p75),
      good,
      needsImprovement,
      poor,
    }
  })
}
