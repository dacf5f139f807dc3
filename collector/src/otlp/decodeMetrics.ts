import { AttributeLimiter, unlimited } from './AttributeLimiter.js'
import { doubleJson, keyValuesJson } from './anyValueJson.js'
import { decodeJson } from './decodeJson.js'
import { decodeProtobuf } from './decodeProtobuf.js'
import { idHex } from './idHex.js'
import { int64 } from './int64.js'
import { jsonMetricsRequest } from './jsonMetrics.js'
import { defaultLimits, type OtlpLimits } from './limits.js'
import type { OtlpFormat } from './otlpFormat.js'
import type {
  ExemplarMsg,
  ExponentialHistogramPointMsg,
  HistogramPointMsg,
  Int64,
  KeyValueMsg,
  MetricMsg,
  MetricsRequestMsg,
  NumberPointMsg,
  SummaryPointMsg,
} from './otlpMessages.js'
import { protoRoot } from './protoRoot.js'
import { Rejections } from './Rejections.js'
import { type Decoded, emptyMetricFields, type MetricPointRow, type MetricType } from './rows.js'
import { resourceContext, type ScopeContext, withScope } from './scopeContext.js'

/** Exemplars as a JSON array; timestamps as decimal strings so no digit is lost. */
const exemplarsJson = (exemplars: ExemplarMsg[]): string => {
  if (exemplars.length === 0) return '[]'
  let out = '['
  for (let i = 0; i < exemplars.length; i++) {
    const e = exemplars[i]!
    const value =
      e.asDouble != null ? doubleJson(e.asDouble) : e.asInt != null ? int64(e.asInt).toString() : 'null'
    out += `${i === 0 ? '' : ','}{"filteredAttributes":${keyValuesJson(e.filteredAttributes, unlimited, 0)},"timeUnixNano":"${int64(e.timeUnixNano)}","value":${value},"spanId":"${idHex(e.spanId)}","traceId":"${idHex(e.traceId)}"}`
  }
  return `${out}]`
}

const bigints = (values: Int64[]): bigint[] => {
  const out: bigint[] = new Array(values.length)
  for (let i = 0; i < values.length; i++) out[i] = int64(values[i])
  return out
}

const optionalDouble = (value: number | null | undefined): number | null => (value == null ? null : value)

/** A point row with the fields every type shares; the caller fills in its type's fields. */
const baseRow = (
  type: MetricType,
  metric: MetricMsg,
  point: { startTimeUnixNano?: Int64 | null; timeUnixNano?: Int64 | null; flags?: number | null },
  attributes: string,
  ctx: ScopeContext,
): MetricPointRow => ({
  type,
  timestamp: int64(point.timeUnixNano),
  startTimestamp: int64(point.startTimeUnixNano),
  serviceName: ctx.serviceName,
  metricName: metric.name ?? '',
  metricDescription: metric.description ?? '',
  metricUnit: metric.unit ?? '',
  resourceAttributes: ctx.resourceAttributes,
  resourceSchemaUrl: ctx.resourceSchemaUrl,
  scopeName: ctx.scopeName,
  scopeVersion: ctx.scopeVersion,
  scopeAttributes: ctx.scopeAttributes,
  attributes,
  flags: point.flags ?? 0,
  ...emptyMetricFields(),
})

const numberRow = (
  type: 'gauge' | 'sum',
  metric: MetricMsg,
  p: NumberPointMsg,
  attributes: string,
  ctx: ScopeContext,
): MetricPointRow => {
  const row = baseRow(type, metric, p, attributes, ctx)
  row.value = p.asDouble != null ? p.asDouble : p.asInt != null ? Number(int64(p.asInt)) : null
  row.exemplars = exemplarsJson(p.exemplars)
  return row
}

const histogramRow = (metric: MetricMsg, p: HistogramPointMsg, attributes: string, ctx: ScopeContext) => {
  const row = baseRow('histogram', metric, p, attributes, ctx)
  row.count = int64(p.count)
  row.sum = optionalDouble(p.sum)
  row.min = optionalDouble(p.min)
  row.max = optionalDouble(p.max)
  row.bucketCounts = bigints(p.bucketCounts)
  row.explicitBounds = p.explicitBounds.slice()
  row.exemplars = exemplarsJson(p.exemplars)
  return row
}

const exponentialRow = (
  metric: MetricMsg,
  p: ExponentialHistogramPointMsg,
  attributes: string,
  ctx: ScopeContext,
) => {
  const row = baseRow('exponential_histogram', metric, p, attributes, ctx)
  row.count = int64(p.count)
  row.sum = optionalDouble(p.sum)
  row.min = optionalDouble(p.min)
  row.max = optionalDouble(p.max)
  row.scale = p.scale ?? 0
  row.zeroCount = int64(p.zeroCount)
  row.zeroThreshold = p.zeroThreshold ?? 0
  row.positiveOffset = p.positive?.offset ?? 0
  row.positiveBucketCounts = bigints(p.positive?.bucketCounts ?? [])
  row.negativeOffset = p.negative?.offset ?? 0
  row.negativeBucketCounts = bigints(p.negative?.bucketCounts ?? [])
  row.exemplars = exemplarsJson(p.exemplars)
  return row
}

const summaryRow = (metric: MetricMsg, p: SummaryPointMsg, attributes: string, ctx: ScopeContext) => {
  const row = baseRow('summary', metric, p, attributes, ctx)
  row.count = int64(p.count)
  row.sum = p.sum ?? 0
  const n = p.quantileValues.length
  row.quantiles = new Array(n)
  row.quantileValues = new Array(n)
  for (let i = 0; i < n; i++) {
    const q = p.quantileValues[i]!
    row.quantiles[i] = q.quantile ?? 0
    row.quantileValues[i] = q.value ?? 0
  }
  return row
}

/** A point's attribute JSON, or `null` after recording why the point is rejected. */
const pointAttributes = (
  point: { attributes: KeyValueMsg[] },
  index: number,
  metric: MetricMsg,
  limiter: AttributeLimiter,
  rejections: Rejections,
): string | null => {
  const json = limiter.attributes(point.attributes)
  if (json === null)
    rejections.add(1, `data point ${index} of metric ${metric.name ?? ''}: ${limiter.problem}`)
  return json
}

/** Appends the rows of one metric, rejecting the points that break a limit. */
const metricRows = (
  metric: MetricMsg,
  ctx: ScopeContext,
  limiter: AttributeLimiter,
  rows: MetricPointRow[],
  rejections: Rejections,
): void => {
  const attributesOf = (point: { attributes: KeyValueMsg[] }, index: number): string | null =>
    pointAttributes(point, index, metric, limiter, rejections)
  if (metric.gauge != null) {
    const points = metric.gauge.dataPoints
    for (let i = 0; i < points.length; i++) {
      const attributes = attributesOf(points[i]!, i)
      if (attributes !== null) rows.push(numberRow('gauge', metric, points[i]!, attributes, ctx))
    }
  } else if (metric.sum != null) {
    const { dataPoints: points, aggregationTemporality, isMonotonic } = metric.sum
    for (let i = 0; i < points.length; i++) {
      const attributes = attributesOf(points[i]!, i)
      if (attributes === null) continue
      const row = numberRow('sum', metric, points[i]!, attributes, ctx)
      row.aggregationTemporality = aggregationTemporality ?? 0
      row.isMonotonic = isMonotonic ?? false
      rows.push(row)
    }
  } else if (metric.histogram != null) {
    const { dataPoints: points, aggregationTemporality } = metric.histogram
    for (let i = 0; i < points.length; i++) {
      const attributes = attributesOf(points[i]!, i)
      if (attributes === null) continue
      const row = histogramRow(metric, points[i]!, attributes, ctx)
      row.aggregationTemporality = aggregationTemporality ?? 0
      rows.push(row)
    }
  } else if (metric.exponentialHistogram != null) {
    const { dataPoints: points, aggregationTemporality } = metric.exponentialHistogram
    for (let i = 0; i < points.length; i++) {
      const attributes = attributesOf(points[i]!, i)
      if (attributes === null) continue
      const row = exponentialRow(metric, points[i]!, attributes, ctx)
      row.aggregationTemporality = aggregationTemporality ?? 0
      rows.push(row)
    }
  } else if (metric.summary != null) {
    const points = metric.summary.dataPoints
    for (let i = 0; i < points.length; i++) {
      const attributes = attributesOf(points[i]!, i)
      if (attributes !== null) rows.push(summaryRow(metric, points[i]!, attributes, ctx))
    }
  }
}

const pointCount = (metric: MetricMsg): number =>
  (metric.gauge ?? metric.sum ?? metric.histogram ?? metric.exponentialHistogram ?? metric.summary)
    ?.dataPoints.length ?? 0

const metricPointRows = (request: MetricsRequestMsg, limits: OtlpLimits): Decoded<MetricPointRow> => {
  const limiter = new AttributeLimiter(limits)
  const rejections = new Rejections()
  const rows: MetricPointRow[] = []
  for (const resourceMetrics of request.resourceMetrics) {
    const resource = resourceContext(resourceMetrics.resource, resourceMetrics.schemaUrl, limiter)
    for (const scopeMetrics of resourceMetrics.scopeMetrics) {
      const ctx = withScope(resource, scopeMetrics.scope, limiter)
      for (const metric of scopeMetrics.metrics) {
        if (ctx.problem) rejections.add(pointCount(metric), ctx.problem)
        else metricRows(metric, ctx, limiter, rows, rejections)
      }
    }
  }
  return { rows, rejected: rejections.count, errorMessage: rejections.message }
}

/**
 * Decodes an OTLP `ExportMetricsServiceRequest` body into one row per data point (gauge, sum,
 * histogram, exponential histogram, summary). Points over a limit are counted in `rejected`; a
 * zero-length body is a valid empty request. Throws {@link OtlpDecodeError} when the body cannot
 * be decoded.
 */
export const decodeMetrics = (
  body: Uint8Array,
  format: OtlpFormat,
  limits: OtlpLimits = defaultLimits,
): Decoded<MetricPointRow> =>
  metricPointRows(
    format === 'protobuf'
      ? decodeProtobuf(body, protoRoot.metricsRequest)
      : decodeJson(body, jsonMetricsRequest),
    limits,
  )
