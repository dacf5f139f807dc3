import { stagedJourneySteps } from './stagedJourneySteps.js'

/**
 * The columns SLI rollups read from staged rows. The storage commit path hands the rollup one SQL
 * relation per signal with (at least) these columns; `compileSliSql` writes expressions over them only,
 * so the staging format may change without touching SLO code.
 *
 * Spans (names as in `otel_traces`): `Timestamp` (TIMESTAMP or TIMESTAMP_NS), `ServiceName`,
 * `SpanName`, `SpanAttributes` and `ResourceAttributes` (`MAP(VARCHAR, JSON)`), `Duration` (BIGINT ns),
 * `StatusCode` (`Unset` | `Ok` | `Error`).
 *
 * RUM events: `Timestamp` (event time, skew-corrected), `ViewTimestamp` (start of the page view the
 * event belongs to; the event's own time when unknown), `EventType` (`page_view`, `web_vital`,
 * `journey`, `error`, …), `SampleRate` (DOUBLE in (0,1]), `Sign` (1, or −1 for a row whose earlier
 * contribution is withdrawn), `Route`, `Release`, `Browser`, `Country`, `Journey`, `Step`, `Status`
 * (journey status), `VitalName`, `VitalValue` (DOUBLE), and `FirstErrorOfView` (BOOLEAN: true on the
 * first error stored for a known view, false otherwise).
 *
 * Besides one row per event, the relation has `EventType` `journey_step` rows: one per step of a
 * journey instance, at the step's start, with `Status` `passed` (the instance got past the step) or
 * `started` (not yet), withdrawn (`Sign` −1) and re-added when a later commit changes them.
 */
export type SliSourceKind = 'spans' | 'rum'

/** Span attribute carrying the probability a span was sampled at; its weight is `1 / rate`. */
export const SpanSampleRateAttribute = 'vigil.sample_rate'

/** Span attribute holding the journey, copied from W3C baggage by the Node SDK. */
export const SpanJourneyAttribute = 'journey.name'

/** Dimensions every rollup row is also kept by, for attribution. */
export const SloDimensions = ['route', 'release', 'browser', 'country', 'service'] as const

export type SloDimension = (typeof SloDimensions)[number]

const spanFields = {
  ts: 'BIGINT',
  svc: 'VARCHAR',
  n: 'VARCHAR',
  ra: 'MAP(VARCHAR, JSON)',
  a: 'MAP(VARCHAR, JSON)',
  du: 'BIGINT',
  sc: 'VARCHAR',
}

/**
 * The span relation over the spans being moved into `otel_traces` (`staged_spans()`, the staging
 * macro: one JSON line per span as `encodeSpan` writes it). Only the fields SLIs need are parsed.
 */
export const stagedSpansRelation = (staged = 'staged_spans()'): string =>
  `(SELECT make_timestamp_ns(s.ts) AS Timestamp, s.svc AS ServiceName, s.n AS SpanName,
      s.a AS SpanAttributes, s.ra AS ResourceAttributes, s.du AS Duration, s.sc AS StatusCode
    FROM (SELECT from_json(j, '${JSON.stringify(spanFields)}') AS s FROM ${staged}))`

/** How far back a commit looks for the page view or earlier reports an event refers to. */
export const RumLookbackMs = 86_400_000

/**
 * The RUM relation over one commit's new rows (`staging_rum_fresh`: deduplicated, typed like
 * `rum_events`), read while they are staged. It works whether or not the new rows were already
 * inserted into `rum_events` (stored rows are told apart by event id). Per row:
 * - page views, journeys and other events count once (`Sign` 1), at their view's start;
 * - an error is `FirstErrorOfView` when its view is known (a page view in the last day) and no error
 *   of that view was stored before nor comes earlier in the commit;
 * - web vitals count once per metric instance with its latest value: the newest report of each
 *   `MetricId` in the commit adds itself, and the newest report stored before is withdrawn (`Sign` −1);
 * - journey steps: `journey_step` rows for each step whose state the commit changed, looked up among
 *   the stored events of the same journey instance (see `stagedJourneySteps`).
 */
export const stagedRumRelation = (fresh = 'staging_rum_fresh', stored = 'rum_events'): string => {
  const since = `(SELECT min(Timestamp) FROM ${fresh}) - INTERVAL ${RumLookbackMs / 1000} SECOND`
  const older = `r.Timestamp >= ${since} AND r.App = f.App AND r.EventId NOT IN (SELECT EventId FROM ${fresh} WHERE App = r.App)`
  const columns = (row: string, sign: string, viewTs: string, firstError: string) =>
    `${row}.Timestamp AS Timestamp, ${viewTs} AS ViewTimestamp, ${row}.Type AS EventType,
      ${row}.SampleRate AS SampleRate, ${sign} AS Sign, ${row}.Page AS Route, ${row}.Release AS Release,
      ${row}.Browser AS Browser, CAST(NULL AS VARCHAR) AS Country, ${row}.Journey AS Journey,
      ${row}.Step AS Step, ${row}.Status AS Status, ${row}.Name AS VitalName, ${row}.Value AS VitalValue,
      ${firstError} AS FirstErrorOfView`
  const viewStart = `(SELECT min(v.Timestamp) FROM (SELECT App, ViewId, Timestamp, Type FROM ${stored}
      WHERE Timestamp >= ${since} UNION ALL SELECT App, ViewId, Timestamp, Type FROM ${fresh}) v
    WHERE v.App = f.App AND v.ViewId = f.ViewId AND v.Type = 'page_view')`
  return `(
    SELECT ${columns(
      'f',
      '1.0',
      `coalesce(${viewStart}, f.Timestamp)`,
      `(f.Type = 'error' AND ${viewStart} IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ${stored} r WHERE ${older} AND r.ViewId = f.ViewId AND r.Type = 'error')
        AND f.EventId = (SELECT arg_min(e.EventId, (e.Timestamp, e.EventId)) FROM ${fresh} e
          WHERE e.App = f.App AND e.ViewId = f.ViewId AND e.Type = 'error'))`,
    )}
    FROM ${fresh} f
    WHERE f.Type <> 'web_vital' OR f.EventId = (SELECT arg_max(e.EventId, (e.Timestamp, e.EventId)) FROM ${fresh} e
      WHERE e.App = f.App AND e.MetricId = f.MetricId AND e.Type = 'web_vital')
    UNION ALL
    SELECT ${columns('p', '-1.0', 'p.Timestamp', 'false')}
    FROM (SELECT DISTINCT App, MetricId FROM ${fresh} WHERE Type = 'web_vital') f
    JOIN LATERAL (SELECT * FROM ${stored} r WHERE ${older} AND r.Type = 'web_vital' AND r.MetricId = f.MetricId
      ORDER BY r.Timestamp DESC, r.EventId DESC LIMIT 1) p ON true
    UNION ALL
    SELECT * FROM ${stagedJourneySteps(fresh, stored, since)}
  )`
}
