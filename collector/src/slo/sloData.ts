import { burnRateFactors, type MinuteBucket, type SloData, type SloSpec, windowBounds } from '@vigil/slo'

/** Reads minute buckets of one SLO in `[from, to)`, epoch ms, in time order. */
export type BucketReader = (sloId: string, from: number, to: number) => Promise<MinuteBucket[]>

/** Reads the buckets of several SLOs in `[from, to)` at once, by id. */
export type ManyBucketReader = (
  sloIds: readonly string[],
  from: number,
  to: number,
) => Promise<Map<string, MinuteBucket[]>>

/** The ids whose buckets `slo` is evaluated from: its own, or its parts'. */
export const bucketIdsOf = (slo: SloSpec): string[] =>
  slo.sli.source === 'composite' ? slo.sli.parts.map((p) => p.slo) : [slo.id]

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
 * Everything `evaluateSlo` needs for `slo` over `[from, to)`: its own buckets, or each part's for a
 * composite. `byId` resolves composite parts.
 */
export const loadSloData = async (
  slo: SloSpec,
  byId: ReadonlyMap<string, SloSpec>,
  read: BucketReader,
  from: number,
  to: number,
): Promise<SloData> => {
  if (slo.sli.source === 'composite') {
    const parts: Record<string, MinuteBucket[]> = {}
    for (const part of slo.sli.parts) {
      if (byId.has(part.slo)) parts[part.slo] = await read(part.slo, from, to)
    }
    return { parts }
  }
  return { buckets: await read(slo.id, from, to) }
}
