import { assertCounts, type Counts } from './counts.js'

/**
 * How a composite combines its parts.
 * - `events`: Σ wᵢ·goodᵢ / Σ wᵢ·totalᵢ — weighted events, busy parts weigh more.
 * - `sli`: Σ wᵢ·SLIᵢ / Σ wᵢ over parts with traffic — each part weighs what its weight says, whatever its volume.
 */
export type CompositeMethod = 'events' | 'sli'

/** One part of a composite: its counts over the window and its weight. */
export interface CompositePart {
  counts: Counts
  /** Relative importance; must be positive and finite. */
  weight: number
}

/**
 * Combines the parts into one set of counts that the rest of the math (SLI, budget, burn rate)
 * takes as it is. With `sli` the counts are in weight units: good = Σ wᵢ·SLIᵢ, total = Σ wᵢ.
 * Either way the composite SLI lies between the lowest and highest part SLI.
 */
export const compositeCounts = (
  parts: readonly CompositePart[],
  method: CompositeMethod = 'events',
): Counts => {
  let good = 0
  let total = 0
  for (const part of parts) {
    assertCounts(part.counts)
    if (!(part.weight > 0 && Number.isFinite(part.weight))) {
      throw new RangeError(`composite weights must be positive: ${part.weight}`)
    }
    if (part.counts.total === 0) continue
    if (method === 'events') {
      good += part.weight * part.counts.good
      total += part.weight * part.counts.total
    } else {
      good += part.weight * (part.counts.good / part.counts.total)
      total += part.weight
    }
  }
  return { good: Math.min(good, total), total }
}
