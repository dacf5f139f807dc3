import type { DuckDBConnection } from '@duckdb/node-api'
import { InfraMetrics } from './InfraMetrics.js'
import type {
  InfraHost,
  InfraInstance,
  InfraQuery,
  InfraTrendBucket,
  ResourceSaturation,
} from './InfraReport.js'
import { type HostBucketRow, queryHostSeries } from './queryHostSeries.js'
import { type InstanceMetricRow, queryInstanceFigures } from './queryInstanceFigures.js'
import { InfraTrendDefaults, type SaturationLimits, SaturationThresholds } from './SaturationThresholds.js'
import { type SaturationRisk, saturationTrend, worseRisk } from './saturationTrend.js'
import { trendBucketNs } from './trendBucketNs.js'

const resources = {
  cpu: InfraMetrics.systemCpu,
  memory: InfraMetrics.systemMemory,
  disk: InfraMetrics.filesystem,
} as const
type Resource = keyof typeof resources

const nsPerMs = 1_000_000n

/** Window mean/max, latest value and trend of one resource from its bucket rows (ascending buckets). */
const summarise = (
  rows: readonly HostBucketRow[],
  bucketStarts: readonly number[],
  limits: SaturationLimits,
): { saturation: ResourceSaturation; means: (number | null)[] } | null => {
  const last = rows.at(-1)
  if (!last) return null
  const means: (number | null)[] = bucketStarts.map(() => null)
  let count = 0
  let sum = 0
  let max = Number.NEGATIVE_INFINITY
  for (const row of rows) {
    means[row.bucket] = row.sum / row.count
    count += row.count
    sum += row.sum
    max = Math.max(max, row.max)
  }
  const trend = saturationTrend(
    bucketStarts.map((atMs, i) => ({ atMs, value: means[i] ?? null })),
    last.latest,
    InfraTrendDefaults.projectionHours,
    limits,
  )
  return {
    saturation: {
      latest: last.latest,
      mean: sum / count,
      max,
      slopePerHour: trend.slopePerHour,
      projected: trend.projected ?? last.latest,
      risk: trend.risk,
    },
    means,
  }
}

const toInstance = (rows: readonly InstanceMetricRow[]): InfraInstance => {
  const first = rows[0]
  const of = (metric: string) => rows.find((row) => row.metric === metric)
  const latest = (metric: string) => of(metric)?.latest ?? null
  const heapUsedBytes = latest(InfraMetrics.heapUsed)
  const heapLimitBytes = latest(InfraMetrics.heapLimit)
  const delay = of(InfraMetrics.eventLoopDelayP99)
  return {
    service: first?.service ?? '',
    instance: first?.instance ?? '',
    lastSeenMs: Math.max(...rows.map((row) => row.latestMs)),
    processCpu: latest(InfraMetrics.processCpu),
    heapUsedBytes,
    heapLimitBytes,
    heapUsedRatio:
      heapUsedBytes !== null && heapLimitBytes !== null && heapLimitBytes > 0
        ? heapUsedBytes / heapLimitBytes
        : null,
    // The runtime instrumentation reports event-loop delay in seconds.
    eventLoopDelayP99Ms: delay ? delay.latest * 1000 : null,
    eventLoopDelayP99MaxMs: delay ? delay.max * 1000 : null,
    eventLoopUtilization: latest(InfraMetrics.eventLoopUtilization),
  }
}

const groupBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}

/**
 * Infrastructure risk per host over `[fromNs, toNs)`: CPU, memory and disk with their trends, and the
 * service instances running there. Hosts without a point in the window are absent; sorted by host name.
 */
export const queryInfra = async (
  connection: DuckDBConnection,
  { fromNs, toNs, buckets = InfraTrendDefaults.buckets }: InfraQuery,
  limits: SaturationLimits = SaturationThresholds,
): Promise<InfraHost[]> => {
  const bucketNs = trendBucketNs(fromNs, toNs, buckets)
  if (toNs <= fromNs) return []
  const bucketStarts = Array.from({ length: buckets }, (_, i) =>
    Number((fromNs + BigInt(i) * bucketNs) / nsPerMs),
  )

  const series = await queryHostSeries(connection, fromNs, toNs, bucketNs)
  const figures = await queryInstanceFigures(connection, fromNs, toNs)
  const seriesByHost = groupBy(series, (row) => row.host)
  const figuresByHost = groupBy(figures, (row) => row.host)
  const hosts = [...new Set([...seriesByHost.keys(), ...figuresByHost.keys()])].sort()

  return hosts.map((host): InfraHost => {
    const hostSeries = seriesByHost.get(host) ?? []
    const summaries = Object.fromEntries(
      (Object.keys(resources) as Resource[]).map((resource) => [
        resource,
        summarise(
          hostSeries.filter((row) => row.metric === resources[resource]),
          bucketStarts,
          limits,
        ),
      ]),
    ) as Record<Resource, ReturnType<typeof summarise>>
    const trend: InfraTrendBucket[] = bucketStarts.map((startMs, i) => ({
      startMs,
      cpu: summaries.cpu?.means[i] ?? null,
      memory: summaries.memory?.means[i] ?? null,
      disk: summaries.disk?.means[i] ?? null,
    }))
    const instances = [
      ...groupBy(figuresByHost.get(host) ?? [], (row) => `${row.service}\u0000${row.instance}`),
    ]
      .map(([, rows]) => toInstance(rows))
      .sort((a, b) => a.service.localeCompare(b.service) || a.instance.localeCompare(b.instance))
    const risk = [summaries.cpu, summaries.memory, summaries.disk].reduce<SaturationRisk>(
      (worst, summary) => (summary ? worseRisk(worst, summary.saturation.risk) : worst),
      'ok',
    )
    const lastSeenMs = Math.max(
      ...hostSeries.map((row) => row.latestMs),
      ...instances.map((instance) => instance.lastSeenMs),
    )
    return {
      host,
      lastSeenMs,
      risk,
      cpu: summaries.cpu?.saturation ?? null,
      memory: summaries.memory?.saturation ?? null,
      disk: summaries.disk?.saturation ?? null,
      trend,
      services: [...new Set(instances.map((instance) => instance.service))].sort(),
      instances,
    }
  })
}
