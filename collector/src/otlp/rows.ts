/**
 * Rows decoded from OTLP requests, shaped like the OpenTelemetry ClickHouse exporter's tables
 * (`otel_traces`, `otel_metrics_*`, `otel_logs`). This file is the contract between the OTLP
 * decoders (`otlp/`) and storage (`storage/`).
 *
 * Attribute maps travel as JSON object text (`AttrJson`), built once by the decoder and cast to
 * `MAP(VARCHAR, JSON)` inside DuckDB: values keep their OTLP type (string, number, boolean, array,
 * object), 64-bit integers keep every digit, and no per-value objects cross into the database
 * driver.
 */

/** JSON object text: `{"http.route":"/cart","http.status_code":200}`. Bytes values are base64 strings. */
export type AttrJson = string

/** Nanoseconds since the Unix epoch. */
export type UnixNanos = bigint

export type SpanKindName = 'Unspecified' | 'Internal' | 'Server' | 'Client' | 'Producer' | 'Consumer'
export type StatusCodeName = 'Unset' | 'Ok' | 'Error'

export interface SpanEventRow {
  timestamp: UnixNanos
  name: string
  attributes: AttrJson
  droppedAttributesCount: number
}

export interface SpanLinkRow {
  traceId: string
  spanId: string
  traceState: string
  attributes: AttrJson
  droppedAttributesCount: number
  flags: number
}

export interface SpanRow {
  timestamp: UnixNanos
  /** 32 lower-case hex characters. */
  traceId: string
  /** 16 lower-case hex characters. */
  spanId: string
  /** Empty for a root span. */
  parentSpanId: string
  traceState: string
  flags: number
  spanName: string
  spanKind: SpanKindName
  /** `service.name` of the resource, or `unknown_service`. */
  serviceName: string
  resourceAttributes: AttrJson
  resourceSchemaUrl: string
  scopeName: string
  scopeVersion: string
  scopeAttributes: AttrJson
  spanAttributes: AttrJson
  /** End minus start, nanoseconds; never negative. */
  duration: bigint
  statusCode: StatusCodeName
  statusMessage: string
  events: SpanEventRow[]
  links: SpanLinkRow[]
  droppedAttributesCount: number
  droppedEventsCount: number
  droppedLinksCount: number
}

export interface LogRow {
  /** Event time, or observed time when the event time is 0. */
  timestamp: UnixNanos
  observedTimestamp: UnixNanos
  traceId: string
  spanId: string
  flags: number
  severityText: string
  severityNumber: number
  serviceName: string
  /** The body as JSON text of its AnyValue (a string body is a JSON string). */
  body: string
  eventName: string
  resourceAttributes: AttrJson
  resourceSchemaUrl: string
  scopeName: string
  scopeVersion: string
  scopeAttributes: AttrJson
  logAttributes: AttrJson
  droppedAttributesCount: number
}

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponential_histogram' | 'summary'

/** One metric data point; the fields that do not apply to its type are left empty. */
export interface MetricPointRow {
  type: MetricType
  timestamp: UnixNanos
  startTimestamp: UnixNanos
  serviceName: string
  metricName: string
  metricDescription: string
  metricUnit: string
  resourceAttributes: AttrJson
  resourceSchemaUrl: string
  scopeName: string
  scopeVersion: string
  scopeAttributes: AttrJson
  attributes: AttrJson
  flags: number
  /** gauge and sum: the value (an int64 point as a double). */
  value: number | null
  /** sum and histograms: 1 delta, 2 cumulative, 0 unspecified. */
  aggregationTemporality: number
  isMonotonic: boolean
  count: bigint | null
  sum: number | null
  min: number | null
  max: number | null
  /** histogram */
  bucketCounts: bigint[]
  explicitBounds: number[]
  /** exponential histogram */
  scale: number
  zeroCount: bigint
  zeroThreshold: number
  positiveOffset: number
  positiveBucketCounts: bigint[]
  negativeOffset: number
  negativeBucketCounts: bigint[]
  /** summary: quantile/value pairs */
  quantiles: number[]
  quantileValues: number[]
  /** JSON text of the exemplars array, `[]` when none. */
  exemplars: string
}

/** Result of decoding one export request: rows to store and items rejected as invalid. */
export interface Decoded<Row> {
  rows: Row[]
  rejected: number
  /** Human-readable reason for the first rejected items, empty when none were rejected. */
  errorMessage: string
}

/** The type-specific fields of a `MetricPointRow`, empty: a point fills in only those of its own type. */
export const emptyMetricFields = (): Pick<
  MetricPointRow,
  | 'value'
  | 'aggregationTemporality'
  | 'isMonotonic'
  | 'count'
  | 'sum'
  | 'min'
  | 'max'
  | 'bucketCounts'
  | 'explicitBounds'
  | 'scale'
  | 'zeroCount'
  | 'zeroThreshold'
  | 'positiveOffset'
  | 'positiveBucketCounts'
  | 'negativeOffset'
  | 'negativeBucketCounts'
  | 'quantiles'
  | 'quantileValues'
  | 'exemplars'
> => ({
  value: null,
  aggregationTemporality: 0,
  isMonotonic: false,
  count: null,
  sum: null,
  min: null,
  max: null,
  bucketCounts: [],
  explicitBounds: [],
  scale: 0,
  zeroCount: 0n,
  zeroThreshold: 0,
  positiveOffset: 0,
  positiveBucketCounts: [],
  negativeOffset: 0,
  negativeBucketCounts: [],
  quantiles: [],
  quantileValues: [],
  exemplars: '[]',
})
