import { jsonKeyValues, jsonResource, jsonScope } from './jsonCommon.js'
import {
  asJsonObject,
  jsonArray,
  jsonBool,
  jsonDouble,
  jsonDoubleValue,
  jsonEnum,
  jsonId,
  jsonInt32,
  jsonInt64,
  jsonInt64Value,
  jsonObject,
  jsonOptionalDouble,
  jsonString,
  jsonUint32,
} from './jsonFields.js'
import type {
  BucketsMsg,
  ExemplarMsg,
  ExponentialHistogramPointMsg,
  HistogramPointMsg,
  MetricMsg,
  MetricsRequestMsg,
  NumberPointMsg,
  SummaryPointMsg,
} from './otlpMessages.js'
import type { JsonObject } from './parseOtlpJson.js'

const TEMPORALITY_NAMES = [
  'AGGREGATION_TEMPORALITY_UNSPECIFIED',
  'AGGREGATION_TEMPORALITY_DELTA',
  'AGGREGATION_TEMPORALITY_CUMULATIVE',
] as const

const has = (o: JsonObject, camel: string, snake: string): boolean => o[camel] != null || o[snake] != null

const jsonExemplar = (value: unknown): ExemplarMsg => {
  const o = asJsonObject(value, 'an exemplar')
  return {
    filteredAttributes: jsonKeyValues(o, 'filteredAttributes', 'filtered_attributes'),
    timeUnixNano: jsonInt64(o, 'timeUnixNano', 'time_unix_nano'),
    asDouble: has(o, 'asDouble', 'as_double') ? jsonDouble(o, 'asDouble', 'as_double') : null,
    asInt: has(o, 'asInt', 'as_int') ? jsonInt64(o, 'asInt', 'as_int') : null,
    spanId: jsonId(o, 'spanId', 'span_id'),
    traceId: jsonId(o, 'traceId', 'trace_id'),
  }
}

const pointBase = (o: JsonObject) => ({
  attributes: jsonKeyValues(o, 'attributes'),
  startTimeUnixNano: jsonInt64(o, 'startTimeUnixNano', 'start_time_unix_nano'),
  timeUnixNano: jsonInt64(o, 'timeUnixNano', 'time_unix_nano'),
  flags: jsonUint32(o, 'flags'),
})

const jsonNumberPoint = (value: unknown): NumberPointMsg => {
  const o = asJsonObject(value, 'a number data point')
  return {
    ...pointBase(o),
    asDouble: has(o, 'asDouble', 'as_double') ? jsonDouble(o, 'asDouble', 'as_double') : null,
    asInt: has(o, 'asInt', 'as_int') ? jsonInt64(o, 'asInt', 'as_int') : null,
    exemplars: jsonArray(o, 'exemplars').map(jsonExemplar),
  }
}

const jsonHistogramPoint = (value: unknown): HistogramPointMsg => {
  const o = asJsonObject(value, 'a histogram data point')
  return {
    ...pointBase(o),
    count: jsonInt64(o, 'count'),
    sum: jsonOptionalDouble(o, 'sum'),
    bucketCounts: jsonArray(o, 'bucketCounts', 'bucket_counts').map((n) => jsonInt64Value(n, 'bucketCounts')),
    explicitBounds: jsonArray(o, 'explicitBounds', 'explicit_bounds').map((n) =>
      jsonDoubleValue(n, 'explicitBounds'),
    ),
    exemplars: jsonArray(o, 'exemplars').map(jsonExemplar),
    min: jsonOptionalDouble(o, 'min'),
    max: jsonOptionalDouble(o, 'max'),
  }
}

const jsonBuckets = (o: JsonObject, name: string): BucketsMsg | null => {
  const buckets = jsonObject(o, name)
  if (!buckets) return null
  return {
    offset: jsonInt32(buckets, 'offset'),
    bucketCounts: jsonArray(buckets, 'bucketCounts', 'bucket_counts').map((n) =>
      jsonInt64Value(n, 'bucketCounts'),
    ),
  }
}

const jsonExponentialHistogramPoint = (value: unknown): ExponentialHistogramPointMsg => {
  const o = asJsonObject(value, 'an exponential histogram data point')
  return {
    ...pointBase(o),
    count: jsonInt64(o, 'count'),
    sum: jsonOptionalDouble(o, 'sum'),
    scale: jsonInt32(o, 'scale'),
    zeroCount: jsonInt64(o, 'zeroCount', 'zero_count'),
    positive: jsonBuckets(o, 'positive'),
    negative: jsonBuckets(o, 'negative'),
    exemplars: jsonArray(o, 'exemplars').map(jsonExemplar),
    min: jsonOptionalDouble(o, 'min'),
    max: jsonOptionalDouble(o, 'max'),
    zeroThreshold: jsonDouble(o, 'zeroThreshold', 'zero_threshold'),
  }
}

const jsonSummaryPoint = (value: unknown): SummaryPointMsg => {
  const o = asJsonObject(value, 'a summary data point')
  return {
    ...pointBase(o),
    count: jsonInt64(o, 'count'),
    sum: jsonDouble(o, 'sum'),
    quantileValues: jsonArray(o, 'quantileValues', 'quantile_values').map((q) => {
      const quantile = asJsonObject(q, 'a ValueAtQuantile')
      return { quantile: jsonDouble(quantile, 'quantile'), value: jsonDouble(quantile, 'value') }
    }),
  }
}

const jsonMetric = (value: unknown): MetricMsg => {
  const o = asJsonObject(value, 'a metric')
  const metric: MetricMsg = {
    name: jsonString(o, 'name'),
    description: jsonString(o, 'description'),
    unit: jsonString(o, 'unit'),
  }
  const gauge = jsonObject(o, 'gauge')
  const sum = jsonObject(o, 'sum')
  const histogram = jsonObject(o, 'histogram')
  const exponential = jsonObject(o, 'exponentialHistogram', 'exponential_histogram')
  const summary = jsonObject(o, 'summary')
  if (gauge) {
    metric.gauge = { dataPoints: jsonArray(gauge, 'dataPoints', 'data_points').map(jsonNumberPoint) }
  } else if (sum) {
    metric.sum = {
      dataPoints: jsonArray(sum, 'dataPoints', 'data_points').map(jsonNumberPoint),
      aggregationTemporality: jsonEnum(
        sum,
        'aggregationTemporality',
        'aggregation_temporality',
        TEMPORALITY_NAMES,
      ),
      isMonotonic: jsonBool(sum, 'isMonotonic', 'is_monotonic'),
    }
  } else if (histogram) {
    metric.histogram = {
      dataPoints: jsonArray(histogram, 'dataPoints', 'data_points').map(jsonHistogramPoint),
      aggregationTemporality: jsonEnum(
        histogram,
        'aggregationTemporality',
        'aggregation_temporality',
        TEMPORALITY_NAMES,
      ),
    }
  } else if (exponential) {
    metric.exponentialHistogram = {
      dataPoints: jsonArray(exponential, 'dataPoints', 'data_points').map(jsonExponentialHistogramPoint),
      aggregationTemporality: jsonEnum(
        exponential,
        'aggregationTemporality',
        'aggregation_temporality',
        TEMPORALITY_NAMES,
      ),
    }
  } else if (summary) {
    metric.summary = { dataPoints: jsonArray(summary, 'dataPoints', 'data_points').map(jsonSummaryPoint) }
  }
  return metric
}

/** An OTLP/JSON `ExportMetricsServiceRequest` in the decoded shape. */
export const jsonMetricsRequest = (root: JsonObject): MetricsRequestMsg => ({
  resourceMetrics: jsonArray(root, 'resourceMetrics', 'resource_metrics').map((value) => {
    const o = asJsonObject(value, 'a ResourceMetrics')
    return {
      resource: jsonResource(o),
      schemaUrl: jsonString(o, 'schemaUrl', 'schema_url'),
      scopeMetrics: jsonArray(o, 'scopeMetrics', 'scope_metrics').map((scopeValue) => {
        const scopeMetrics = asJsonObject(scopeValue, 'a ScopeMetrics')
        return { scope: jsonScope(scopeMetrics), metrics: jsonArray(scopeMetrics, 'metrics').map(jsonMetric) }
      }),
    }
  }),
})
