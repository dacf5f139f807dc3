import type { Counts, MinuteBucket } from './counts.js'
import { assertDuration } from './target.js'

/** Comparison of a slice's measure with its threshold. */
export type ComparisonOp = 'lt' | 'lte' | 'gt' | 'gte'

/** How slices without data count: `skip` leaves them out (the default), `good` or `bad` counts them so. */
export type EmptySlicePolicy = 'skip' | 'good' | 'bad'

/** One time slice and the value judged for it (a ratio, a percentile, a metric value); `null` when empty. */
export interface SliceValue {
  /** Start of the slice, ms since epoch. */
  start: number
  value: number | null
}

/** Good/total counts of one time slice, summed from minute buckets. */
export interface SliceCounts extends Counts {
  start: number
}

/**
 * Cuts `[start, end)` into slices of `sliceMs` aligned to `start` and sums the buckets into them.
 * Only whole slices are returned: a trailing partial slice is still in progress and not judged yet.
 * Slices without buckets are returned with zero counts so the caller can see them.
 */
export const sliceBuckets = (
  buckets: readonly MinuteBucket[],
  start: number,
  end: number,
  sliceMs: number,
): SliceCounts[] => {
  assertDuration('sliceMs', sliceMs)
  const count = Math.max(0, Math.floor((end - start) / sliceMs))
  const slices: SliceCounts[] = Array.from({ length: count }, (_, i) => ({
    start: start + i * sliceMs,
    good: 0,
    total: 0,
  }))
  for (const b of buckets) {
    if (b.minute < start) continue
    const slice = slices[Math.floor((b.minute - start) / sliceMs)]
    if (!slice) continue
    slice.good += b.good
    slice.total += b.total
  }
  return slices
}

/** The per-slice good/total ratio as a value to judge; `null` for a slice without traffic. */
export const sliceRatios = (slices: readonly SliceCounts[]): SliceValue[] =>
  slices.map((s) => ({ start: s.start, value: s.total > 0 ? s.good / s.total : null }))

const meets = (value: number, op: ComparisonOp, threshold: number): boolean => {
  switch (op) {
    case 'lt':
      return value < threshold
    case 'lte':
      return value <= threshold
    case 'gt':
      return value > threshold
    case 'gte':
      return value >= threshold
  }
}

/**
 * Timeslices budgeting: each slice is good when its value meets the threshold (a ratio `gte 0.99`,
 * a p95 latency `lte 300`). Returns counts of slices, so SLI, budget and burn rate follow as for
 * events. Empty slices are skipped by default: no traffic is neither good nor bad.
 */
export const timesliceCounts = (
  slices: readonly SliceValue[],
  op: ComparisonOp,
  threshold: number,
  empty: EmptySlicePolicy = 'skip',
): Counts => {
  let good = 0
  let total = 0
  for (const s of slices) {
    if (s.value === null) {
      if (empty === 'skip') continue
      total += 1
      if (empty === 'good') good += 1
      continue
    }
    total += 1
    if (meets(s.value, op, threshold)) good += 1
  }
  return { good, total }
}

/**
 * RatioTimeslices budgeting (OpenSLO): the SLI is the mean of per-slice ratios over slices with
 * traffic. This is the one place Vigil averages ratios, because that method is defined that way.
 * Returned as counts: good = Σ ratios, total = number of slices with traffic.
 */
export const ratioTimesliceCounts = (slices: readonly SliceCounts[]): Counts => {
  let good = 0
  let total = 0
  for (const s of slices) {
    if (s.total <= 0) continue
    good += s.good / s.total
    total += 1
  }
  return { good: Math.min(good, total), total }
}
