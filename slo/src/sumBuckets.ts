import type { Counts, MinuteBucket } from './counts.js'

/**
 * Sums the buckets whose minute start lies in the half-open window `[start, end)`. Buckets may
 * arrive in any order and late: the sum only depends on which buckets exist, so re-evaluating a
 * past instant after a late bucket lands gives the exact new figure.
 */
export const sumBuckets = (buckets: readonly MinuteBucket[], start: number, end: number): Counts => {
  let good = 0
  let total = 0
  for (const b of buckets) {
    if (b.minute >= start && b.minute < end) {
      good += b.good
      total += b.total
    }
  }
  return { good, total }
}
