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
