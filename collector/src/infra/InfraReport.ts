import type { SaturationRisk } from './saturationTrend.js'

/** One host resource (CPU, memory or disk) over the window, as utilisation ratios 0–1. */
export interface ResourceSaturation {
  /** The most recent sample. */
  latest: number
  /** Mean and maximum of every sample in the window. */
  mean: number
  max: number
  /** Least-squares slope over the trend buckets, ratio per hour; null with fewer than two filled buckets. */
  slopePerHour: number | null
  /** The latest value moved one projection horizon along the slope, clamped to [0, 1]. */
  projected: number
  risk: SaturationRisk
}

/** One bucket of the host's trend; a resource is null when no sample fell into the bucket. */
export interface InfraTrendBucket {
  /** Bucket start, ms since the epoch. */
  startMs: number
  cpu: number | null
  memory: number | null
  disk: number | null
}

/** One process (`service.instance.id`) on a host; each figure is null when the instance did not send it. */
export interface InfraInstance {
  service: string
  instance: string
  /** Time of the instance's latest infrastructure point, ms since the epoch. */
  lastSeenMs: number
  /** Process CPU (user + system) as a share of the host's CPU time, latest sample. */
  processCpu: number | null
  /** V8 heap used, summed over heap spaces, latest sample, bytes. */
  heapUsedBytes: number | null
  /** V8 heap limit (summed over spaces), latest sample, bytes; null when the runtime does not report it. */
  heapLimitBytes: number | null
  /** `heapUsedBytes / heapLimitBytes` when both are known. */
  heapUsedRatio: number | null
  /** Event-loop delay p99 (of the SDK's sampling interval), latest sample and window maximum, ms. */
  eventLoopDelayP99Ms: number | null
  eventLoopDelayP99MaxMs: number | null
  /** Share of time the event loop was busy, latest sample (0–1). */
  eventLoopUtilization: number | null
}

/** One host (`host.name` of the resource) with infrastructure points in the window. */
export interface InfraHost {
  host: string
  /** Latest point of any instance on the host, ms since the epoch. */
  lastSeenMs: number
  /** Worst risk of CPU, memory and disk. */
  risk: SaturationRisk
  /** Busy share of all logical CPUs (1 − idle, averaged over CPUs). */
  cpu: ResourceSaturation | null
  /** `system.memory.utilization` in state `used`. */
  memory: ResourceSaturation | null
  /** `system.filesystem.utilization`, the fullest mount point. */
  disk: ResourceSaturation | null
  /** The window in equal buckets, oldest first; always the full count, empty buckets included. */
  trend: InfraTrendBucket[]
  /** Distinct `service.name`s on the host, sorted. */
  services: string[]
  /** Sorted by service, then instance id. */
  instances: InfraInstance[]
}

/** What `/api/infra` computes over `[fromNs, toNs)`. */
export interface InfraQuery {
  fromNs: bigint
  toNs: bigint
  /** Trend buckets (default `InfraTrendDefaults.buckets`). */
  buckets?: number
}
