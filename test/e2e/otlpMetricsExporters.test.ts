import duckdb from '@duckdb/node-api'
import { OTLPMetricExporter as HttpJsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http'
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { afterAll, describe, expect, it } from 'vitest'
import { startCollector, tempDataDir } from '../support/collectorProcess.js'

type Row = Record<string, unknown>

/** Records one of each instrument kind through a real MeterProvider and exports it once. */
const recordMetrics = async (exporter: ProtoMetricExporter | HttpJsonMetricExporter, service: string) => {
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'host.name': 'metrics-host' }),
    readers: [reader],
    views: [
      { instrumentName: 'shop.payload.size', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } },
    ],
  })
  const meter = provider.getMeter('vigil-e2e-metrics', '1.0.0')
  meter
    .createCounter('shop.orders', { unit: '{order}', description: 'orders placed' })
    .add(3, { region: 'eu' })
  const latency = meter.createHistogram('shop.checkout.duration', { unit: 'ms' })
  for (const value of [12, 250, 999]) latency.record(value, { step: 'payment' })
  meter.createGauge('shop.cart.fill').record(0.73)
  const payload = meter.createHistogram('shop.payload.size', { unit: 'By' })
  for (const value of [100, 2_000, 30_000, 400_000]) payload.record(value)
  await provider.forceFlush()
  await provider.shutdown()
}

describe('official OTLP metrics exporters against the collector process', () => {
  const data = tempDataDir()
  afterAll(() => data.remove())

  it('stores gauge, sum, histogram and exponential histogram points from protobuf and JSON', async () => {
    const collector = await startCollector({ dataDir: data.dir })
    await recordMetrics(new ProtoMetricExporter({ url: `${collector.url}/v1/metrics` }), 'metrics-proto')
    await recordMetrics(new HttpJsonMetricExporter({ url: `${collector.url}/v1/metrics` }), 'metrics-json')
    // SIGTERM drains and closes the database, so the file can be opened here and read directly.
    expect(await collector.stop('SIGTERM')).toBe(0)

    const instance = await duckdb.DuckDBInstance.create(`${data.dir}/vigil.duckdb`)
    const connection = await instance.connect()
    try {
      for (const service of ['metrics-proto', 'metrics-json']) {
        const reader = await connection.runAndReadAll(
          `SELECT MetricType, MetricName, MetricUnit, Value, Count, Sum, Min, Max, BucketCounts, ExplicitBounds,
                  Scale, ZeroCount, PositiveBucketCounts, IsMonotonic, AggregationTemporality,
                  attr(Attributes, 'region') AS region, attr(Attributes, 'step') AS step,
                  attr(ResourceAttributes, 'host.name') AS host, ScopeName
             FROM otel_metrics WHERE ServiceName = $1 ORDER BY MetricName`,
          [service],
        )
        const rows = reader.getRowObjectsJson() as Row[]
        const byName = Object.fromEntries(rows.map((row) => [row.MetricName, row]))
        expect(Object.keys(byName).sort()).toEqual([
          'shop.cart.fill',
          'shop.checkout.duration',
          'shop.orders',
          'shop.payload.size',
        ])
        expect(byName['shop.orders']).toMatchObject({
          MetricType: 'sum',
          MetricUnit: '{order}',
          Value: 3,
          IsMonotonic: true,
          AggregationTemporality: 2,
          region: 'eu',
          host: 'metrics-host',
          ScopeName: 'vigil-e2e-metrics',
        })
        expect(byName['shop.cart.fill']).toMatchObject({ MetricType: 'gauge', Value: 0.73 })
        const histogram = byName['shop.checkout.duration']!
        expect(histogram).toMatchObject({ MetricType: 'histogram', Count: '3', Sum: 1261, Min: 12, Max: 999 })
        expect(histogram.step).toBe('payment')
        const counts = (histogram.BucketCounts as string[]).map(Number)
        expect(counts.reduce((a, b) => a + b, 0)).toBe(3)
        expect((histogram.ExplicitBounds as number[]).length).toBe(counts.length - 1)
        const exponential = byName['shop.payload.size']!
        expect(exponential).toMatchObject({ MetricType: 'exponential_histogram', Count: '4', Sum: 432_100 })
        const positive = (exponential.PositiveBucketCounts as string[]).map(Number)
        expect(positive.reduce((a, b) => a + b, 0) + Number(exponential.ZeroCount)).toBe(4)
      }
    } finally {
      connection.closeSync()
      instance.closeSync()
    }
  })
})
