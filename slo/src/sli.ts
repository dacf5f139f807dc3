import { assertCounts, type Counts } from './counts.js'

/**
 * The service level indicator: good / total, computed from summed counts (never an average of
 * ratios). `null` when there was no traffic, because "no events" is neither good nor bad.
 */
export const sli = (counts: Counts): number | null => {
  assertCounts(counts)
  return counts.total > 0 ? counts.good / counts.total : null
}
