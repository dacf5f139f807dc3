import { assertCounts, badOf, type Counts } from './counts.js'
import { assertTarget } from './target.js'

/**
 * How fast the error budget burns: the error ratio over the window divided by the budget
 * `1 - target`. A burn rate of 1 spends exactly the whole budget over the SLO period; 0 when the
 * window saw no events.
 */
export const burnRate = (target: number, counts: Counts): number => {
  assertTarget(target)
  assertCounts(counts)
  if (counts.total === 0) return 0
  return badOf(counts) / counts.total / (1 - target)
}
