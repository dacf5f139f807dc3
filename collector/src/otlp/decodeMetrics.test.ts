import type { HrTime } from '@opentelemetry/api'
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  AggregationTemporality,
  AggregationType,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics'
import { describe, expect, it } from 'vitest'
import { decodeMetrics } from './decodeMetrics.js'
import type { OtlpFormat } from './otlpFormat.js'
import type { MetricPointRow } from './rows.js'

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const nanos = ([seconds, ns]: HrTime): bigint => BigInt(seconds) * 1_000_000_000n + BigInt(ns)

/** Real SDK metrics of every kind: int and double sums, a gauge, a histogram, an exponential one. */
const sdkMetrics = async (): Promise<ResourceMetrics> => {
  const reader = new CollectingReader()
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'payments' }),
    readers: [reader],
    views: [{ instrumentName: 'latency.exp', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  })
  const meter = provider.getMeter('vigil-metrics', '0.1.0')
  const requests = meter.createCounter('requests', { description: 'requests served', unit: '{request}' })
  requests.add(3, { route: '/pay', ok: true })
  requests.add(4, { route: '/pay', ok: true })
  requests.add(1, { route: '/refund', ok: false })
  meter.createUpDownCounter('queue.depth', { valueType: 1 }).add(-2.5)
  meter.createGauge('temperature', { unit: 'Cel' }).record(21.75, { room: 'b' })
  const latency = meter.createHistogram('latency', { unit: 'ms' })
  for (const v of [3, 12, 12, 250, 4000]) latency.record(v, { route: '/pay' })
  const exp = meter.createHistogram('latency.exp', { unit: 's' })
  for (const v of [0, 0.001, 0.02, 0.02, 7, -0]) exp.record(v)
  const { resourceMetrics, errors } = await reader.collect()
  expect(errors).toEqual([])
  await provider.shutdown()
  return resourceMetrics
}

const serialize = (metrics: ResourceMetrics, format: OtlpFormat): Uint8Array =>
  (format === 'protobuf' ? ProtobufMetricsSerializer : JsonMetricsSerializer).serializeRequest(metrics)!

describe.each(['protobuf', 'json'] as const)(
  'decodeMetrics (%s from the OTel JS serializer)',
  async (format) => {
    const metrics = await sdkMetrics()
    const decoded = decodeMetrics(serialize(metrics, format), format)
    const sdk = metrics.scopeMetrics[0]!.metrics
    const rowsOf = (name: string): MetricPointRow[] => decoded.rows.filter((r) => r.metricName === name)

    it('decodes one row per data point', () => {
      expect(sdk.map((m) => m.descriptor.name).sort()).toEqual([
        'latency',
        'latency.exp',
        'queue.depth',
        'requests',
        'temperature',
      ])
      expect(decoded.rejected).toBe(0)
      expect(decoded.rows).toHaveLength(sdk.reduce((n, m) => n + m.dataPoints.length, 0))
      for (const row of decoded.rows) {
        expect(row.serviceName).toBe('payments')
        expect(row.scopeName).toBe('vigil-metrics')
        expect(row.scopeVersion).toBe('0.1.0')
      }
    })

    it('keeps descriptors, attributes, times and values of every point', () => {
      for (const metric of sdk) {
        const rows = rowsOf(metric.descriptor.name)
        expect(rows).toHaveLength(metric.dataPoints.length)
        for (const [i, point] of metric.dataPoints.entries()) {
          const row = rows[i]!
          expect(row.metricDescription).toBe(metric.descriptor.description)
          expect(row.metricUnit).toBe(metric.descriptor.unit)
          expect(JSON.parse(row.attributes)).toEqual(point.attributes)
          expect(row.timestamp).toBe(nanos(point.endTime))
          expect(row.startTimestamp).toBe(nanos(point.startTime))
          if (metric.dataPointType === DataPointType.SUM || metric.dataPointType === DataPointType.GAUGE) {
            expect(row.value).toBe(point.value)
            expect(row.exemplars).toBe('[]')
          }
        }
      }
    })

    it('maps sums with monotonicity and temporality, and the gauge', () => {
      expect(
        rowsOf('requests').map((r) => [r.type, r.value, r.isMonotonic, r.aggregationTemporality]),
      ).toEqual([
        ['sum', 7, true, AggregationTemporality.CUMULATIVE + 1],
        ['sum', 1, true, AggregationTemporality.CUMULATIVE + 1],
      ])
      expect(rowsOf('queue.depth')[0]).toMatchObject({ type: 'sum', value: -2.5, isMonotonic: false })
      expect(rowsOf('temperature')[0]).toMatchObject({
        type: 'gauge',
        value: 21.75,
        aggregationTemporality: 0,
      })
    })

    it('keeps explicit-bucket histograms', () => {
      const point = sdk.find((m) => m.descriptor.name === 'latency')!.dataPoints[0]!.value as Histogram
      expect(rowsOf('latency')[0]).toMatchObject({
        type: 'histogram',
        count: BigInt(point.count),
        sum: point.sum,
        min: point.min,
        max: point.max,
        bucketCounts: point.buckets.counts.map(BigInt),
        explicitBounds: point.buckets.boundaries,
        aggregationTemporality: 2,
      })
    })

    it('keeps exponential histograms', () => {
      const point = sdk.find((m) => m.descriptor.name === 'latency.exp')!.dataPoints[0]!
        .value as ExponentialHistogram
      expect(rowsOf('latency.exp')[0]).toMatchObject({
        type: 'exponential_histogram',
        count: BigInt(point.count),
        sum: point.sum,
        min: point.min,
        max: point.max,
        scale: point.scale,
        zeroCount: BigInt(point.zeroCount),
        positiveOffset: point.positive.offset,
        positiveBucketCounts: point.positive.bucketCounts.map(BigInt),
        negativeOffset: point.negative.offset,
        negativeBucketCounts: point.negative.bucketCounts.map(BigInt),
      })
      expect(point.zeroCount).toBeGreaterThan(0)
    })
  },
)

describe('decodeMetrics (OTLP/JSON by hand)', () => {
  const body = (metric: unknown) =>
    Buffer.from(JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [metric] }] }] }))

  it('decodes summaries, int points as doubles, exemplars and snake_case names', () => {
    const summary = {
      name: 'rpc.duration',
      summary: {
        data_points: [
          {
            time_unix_nano: '1700000000000000001',
            count: '9007199254740993',
            sum: 12.5,
            quantile_values: [
              { quantile: 0.5, value: 1 },
              { quantile: 0.99, value: 'Infinity' },
            ],
          },
        ],
      },
    }
    const [row] = decodeMetrics(body(summary), 'json').rows
    expect(row).toMatchObject({
      type: 'summary',
      timestamp: 1_700_000_000_000_000_001n,
      count: 9_007_199_254_740_993n,
      sum: 12.5,
      quantiles: [0.5, 0.99],
      quantileValues: [1, Number.POSITIVE_INFINITY],
    })
    const gauge = {
      name: 'g',
      gauge: {
        dataPoints: [
          {
            asInt: '-42',
            exemplars: [
              {
                timeUnixNano: '1700000000000000002',
                asDouble: 0.5,
                traceId: '5b8efff798038103d269b633813fc60c',
                spanId: 'eee19b7ec3c1b174',
                filteredAttributes: [{ key: 'user', value: { stringValue: 'u1' } }],
              },
            ],
          },
        ],
      },
    }
    const [point] = decodeMetrics(body(gauge), 'json').rows
    expect(point!.value).toBe(-42)
    expect(JSON.parse(point!.exemplars)).toEqual([
      {
        filteredAttributes: { user: 'u1' },
        timeUnixNano: '1700000000000000002',
        value: 0.5,
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
      },
    ])
  })

  it('rejects points over the attribute limit and names the metric', () => {
    const attributes = Array.from({ length: 3 }, (_, i) => ({ key: `k${i}`, value: { intValue: i } }))
    const sum = {
      name: 'hits',
      sum: { dataPoints: [{ asDouble: 1 }, { asDouble: 2, attributes }], isMonotonic: true },
    }
    const decoded = decodeMetrics(body(sum), 'json', { maxAttributes: 2, maxAttributeValueBytes: 100 })
    expect(decoded.rows.map((r) => r.value)).toEqual([1])
    expect(decoded.rejected).toBe(1)
    expect(decoded.errorMessage).toBe('data point 1 of metric hits: 3 attributes exceed the limit of 2')
  })
})
