/**
 * The decoded shape of OTLP export requests shared by both encodings: the protobuf decoder yields
 * these objects directly (protobufjs messages with camelCase fields), and the JSON path normalizes
 * parsed OTLP/JSON into them. Absent scalars are `null`/`undefined` (the static protobufjs module
 * leaves defaults `null`), so readers apply the proto3 defaults.
 */

/** `Long` as protobufjs builds it; only reachable as a default, {@link OtlpReader} returns bigints. */
export interface LongBits {
  low: number
  high: number
  unsigned: boolean
}

export type Int64 = bigint | LongBits
type Opt<T> = T | null | undefined

export interface AnyValueMsg {
  stringValue?: Opt<string>
  boolValue?: Opt<boolean>
  intValue?: Opt<Int64>
  doubleValue?: Opt<number>
  arrayValue?: Opt<{ values: AnyValueMsg[] }>
  kvlistValue?: Opt<{ values: KeyValueMsg[] }>
  bytesValue?: Opt<Uint8Array>
}

export interface KeyValueMsg {
  key?: Opt<string>
  value?: Opt<AnyValueMsg>
}

export interface ResourceMsg {
  attributes: KeyValueMsg[]
  droppedAttributesCount?: Opt<number>
}

export interface ScopeMsg {
  name?: Opt<string>
  version?: Opt<string>
  attributes: KeyValueMsg[]
  droppedAttributesCount?: Opt<number>
}

export interface EventMsg {
  timeUnixNano?: Opt<Int64>
  name?: Opt<string>
  attributes: KeyValueMsg[]
  droppedAttributesCount?: Opt<number>
}

export interface LinkMsg {
  traceId?: Opt<Uint8Array>
  spanId?: Opt<Uint8Array>
  traceState?: Opt<string>
  attributes: KeyValueMsg[]
  droppedAttributesCount?: Opt<number>
  flags?: Opt<number>
}

export interface SpanMsg {
  traceId?: Opt<Uint8Array>
  spanId?: Opt<Uint8Array>
  traceState?: Opt<string>
  parentSpanId?: Opt<Uint8Array>
  flags?: Opt<number>
  name?: Opt<string>
  kind?: Opt<number>
  startTimeUnixNano?: Opt<Int64>
  endTimeUnixNano?: Opt<Int64>
  attributes: KeyValueMsg[]
  droppedAttributesCount?: Opt<number>
  events: EventMsg[]
  droppedEventsCount?: Opt<number>
  links: LinkMsg[]
  droppedLinksCount?: Opt<number>
  status?: Opt<{ message?: Opt<string>; code?: Opt<number> }>
}

export interface TraceRequestMsg {
  resourceSpans: {
    resource?: Opt<ResourceMsg>
    scopeSpans: { scope?: Opt<ScopeMsg>; spans: SpanMsg[] }[]
    schemaUrl?: Opt<string>
  }[]
}

export interface LogRecordMsg {
  timeUnixNano?: Opt<Int64>
  observedTimeUnixNano?: Opt<Int64>
  severityNumber?: Opt<number>
  severityText?: Opt<string>
  body?: Opt<AnyValueMsg>
  attributes: KeyValueMsg[]
  droppedAttributesCount?: Opt<number>
  flags?: Opt<number>
  traceId?: Opt<Uint8Array>
  spanId?: Opt<Uint8Array>
  eventName?: Opt<string>
}

export interface LogsRequestMsg {
  resourceLogs: {
    resource?: Opt<ResourceMsg>
    scopeLogs: { scope?: Opt<ScopeMsg>; logRecords: LogRecordMsg[] }[]
    schemaUrl?: Opt<string>
  }[]
}

export interface ExemplarMsg {
  filteredAttributes: KeyValueMsg[]
  timeUnixNano?: Opt<Int64>
  asDouble?: Opt<number>
  asInt?: Opt<Int64>
  spanId?: Opt<Uint8Array>
  traceId?: Opt<Uint8Array>
}

interface PointMsg {
  attributes: KeyValueMsg[]
  startTimeUnixNano?: Opt<Int64>
  timeUnixNano?: Opt<Int64>
  flags?: Opt<number>
}

export interface NumberPointMsg extends PointMsg {
  asDouble?: Opt<number>
  asInt?: Opt<Int64>
  exemplars: ExemplarMsg[]
}

export interface HistogramPointMsg extends PointMsg {
  count?: Opt<Int64>
  sum?: Opt<number>
  bucketCounts: Int64[]
  explicitBounds: number[]
  exemplars: ExemplarMsg[]
  min?: Opt<number>
  max?: Opt<number>
}

export interface BucketsMsg {
  offset?: Opt<number>
  bucketCounts: Int64[]
}

export interface ExponentialHistogramPointMsg extends PointMsg {
  count?: Opt<Int64>
  sum?: Opt<number>
  scale?: Opt<number>
  zeroCount?: Opt<Int64>
  positive?: Opt<BucketsMsg>
  negative?: Opt<BucketsMsg>
  exemplars: ExemplarMsg[]
  min?: Opt<number>
  max?: Opt<number>
  zeroThreshold?: Opt<number>
}

export interface SummaryPointMsg extends PointMsg {
  count?: Opt<Int64>
  sum?: Opt<number>
  quantileValues: { quantile?: Opt<number>; value?: Opt<number> }[]
}

export interface MetricMsg {
  name?: Opt<string>
  description?: Opt<string>
  unit?: Opt<string>
  gauge?: Opt<{ dataPoints: NumberPointMsg[] }>
  sum?: Opt<{
    dataPoints: NumberPointMsg[]
    aggregationTemporality?: Opt<number>
    isMonotonic?: Opt<boolean>
  }>
  histogram?: Opt<{ dataPoints: HistogramPointMsg[]; aggregationTemporality?: Opt<number> }>
  exponentialHistogram?: Opt<{
    dataPoints: ExponentialHistogramPointMsg[]
    aggregationTemporality?: Opt<number>
  }>
  summary?: Opt<{ dataPoints: SummaryPointMsg[] }>
}

export interface MetricsRequestMsg {
  resourceMetrics: {
    resource?: Opt<ResourceMsg>
    scopeMetrics: { scope?: Opt<ScopeMsg>; metrics: MetricMsg[] }[]
    schemaUrl?: Opt<string>
  }[]
}
