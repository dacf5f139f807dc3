import { burnRateFactors, type MinuteBucket, type SloSpec, windowBounds } from '@vigil/slo'
import { percentileStream } from './percentileStream.js'
import type { CollectorSloData } from './sloStatus.js'

/** Reads minute buckets of one SLO in `[from, to)`, epoch ms, in time order. */
export type BucketReader = (sloId: string, from: number, to: number) => Promise<MinuteBucket[]>

/** Reads the buckets of several SLOs in `[from, to)` at once, by id. */
export type ManyBucketReader = (
  sloIds: readonly string[],
  from: number,
  to: number,
) => Promise<Map<string, MinuteBucket[]>>

/** The rollup ids `slo` is evaluated from: its own (and its percentile stream's), or its parts'. */
export const bucketIdsOf = (slo: SloSpec): string[] => {
  if (slo.sli.source === 'composite') return slo.sli.parts.map((p) => p.slo)
  const stream = percentileStream(slo)
  return stream === null ? [slo.id] : [slo.id, stream.id]
}

/** The buckets at or after `from` of a list sorted by minute (binary search, no copy of the rest). */
export const bucketsFrom = (buckets: readonly MinuteBucket[], from: number): readonly MinuteBucket[] => {
  let lo = 0
  let hi = buckets.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((buckets[mid]?.minute ?? 0) < from) lo = mid + 1
    else hi = mid
  }
  return lo === 0 ? buckets : buckets.slice(lo)
}

/** The data of `slo` from buckets by rollup id (`bucketIdsOf`); ids without buckets have none. */
export const sloDataOf = (
  slo: SloSpec,
  buckets: (id: string) => readonly MinuteBucket[] | undefined,
): CollectorSloData => {
  if (slo.sli.source === 'composite') {
    return { parts: Object.fromEntries(bucketIdsOf(slo).map((id) => [id, buckets(id) ?? []])) }
  }
  const stream = percentileStream(slo)
  return {
    buckets: buckets(slo.id) ?? [],
    ...(stream !== null ? { stream: buckets(stream.id) ?? [] } : {}),
  }
}

/** Longest window the status reports a burn rate for (3 d). */
const longestBurnWindowMs = 3 * 86_400_000
const forecastLookbackMs = 3_600_000

/**
 * The earliest minute `evaluateSlo` can read for `slo` at `at`: the window start, the longest alert or
 * burn-rate window, the forecast's hour, and one slice more for slice budgeting (slices are aligned
 * to the window start and may begin before the longest window).
 */
export const earliestNeeded = (slo: SloSpec, at: number): number => {
  const bounds = windowBounds(slo.window, at)
  const longestRule = burnRateFactors(bounds.periodMs, slo.alerting.rules).reduce(
    (m, r) => Math.max(m, r.longWindowMs),
    0,
  )
  const slice = slo.budgeting.method === 'occurrences' ? 0 : slo.budgeting.sliceMs
  return Math.min(bounds.start, at - Math.max(longestRule, longestBurnWindowMs, forecastLookbackMs)) - slice
}

/**
 * Everything `sloStatus` needs for `slo` over `[from, to)`: its own buckets (and its percentile
 * stream's), or each part's for a composite. `byId` resolves composite parts.
 */
export const loadSloData = async (
  slo: SloSpec,
  byId: ReadonlyMap<string, SloSpec>,
  read: BucketReader,
  from: number,
  to: number,
): Promise<CollectorSloData> => {
  const loaded = new Map<string, MinuteBucket[]>()
  for (const id of bucketIdsOf(slo)) {
    if (slo.sli.source !== 'composite' || byId.has(id)) loaded.set(id, await read(id, from, to))
  }
  return sloDataOf(slo, (id) => loaded.get(id))
}
