/**
 * Good and total events (or slices) over some span of time. Counts may be fractional: the collector
 * weights every event by `1 / sampleRate`, so a 10 %-sampled event counts as 10.
 */
export interface Counts {
  /** Weighted number of good events; never more than `total`. */
  good: number
  /** Weighted number of events that were judged. */
  total: number
}

/**
 * One minute of counts for one SLI, as the collector's rollups keep them.
 */
export interface MinuteBucket {
  /** Start of the minute, ms since the epoch. */
  minute: number
  /** Weighted good events in that minute. */
  good: number
  /** Weighted events in that minute. */
  total: number
}

/** Throws a RangeError when the counts are impossible (negative, not finite, or good above total). */
export const assertCounts = (counts: Counts): void => {
  const { good, total } = counts
  if (!(Number.isFinite(good) && Number.isFinite(total) && good >= 0 && total >= 0)) {
    throw new RangeError(`counts must be finite and non-negative: good=${good} total=${total}`)
  }
  if (good > total) throw new RangeError(`good (${good}) must not exceed total (${total})`)
}

/** Bad events: total minus good (never negative for valid counts). */
export const badOf = (counts: Counts): number => counts.total - counts.good
