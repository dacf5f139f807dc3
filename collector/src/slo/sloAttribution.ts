import type { SloSpec } from '@vigil/slo'
import { type Counts, sumBuckets } from '@vigil/slo'
import type { SloService } from './SloService.js'
import type { SloDimension } from './sliRelations.js'

/** How much of the budget one value of a dimension consumed. */
export interface AttributionSlice extends Counts {
  value: string
  bad: number
  /** good / total of this slice; `null` without traffic. */
  sli: number | null
  /** This slice's bad events over all bad events in the range (0 when nothing was bad). */
  shareOfBad: number
  /** This slice's bad events over the bad events the objective allows for the whole range's traffic. */
  budgetConsumed: number
}

/** Which slices of `by` consumed the budget of `slo` over `[from, to)`. */
export interface Attribution {
  by: SloDimension
  counts: Counts
  /** (1 − objective) × total: bad events the objective allows over the range. */
  allowedBad: number
  slices: AttributionSlice[]
  /** Events that carry no value for `by` (e.g. browser on spans). */
  unattributed: Counts
}

/**
 * Splits the bad events of a native SLO over `[from, to)` by one dimension. Composites and
 * Prometheus SLIs have no events of their own: RangeError.
 */
export const sloAttribution = async (
  service: SloService,
  slo: SloSpec,
  by: SloDimension,
  from: number,
  to: number,
): Promise<Attribution> => {
  if (slo.sli.source !== 'rum' && slo.sli.source !== 'spans') {
    throw new RangeError(`SLO ${slo.id} has no events of its own to attribute (source ${slo.sli.source})`)
  }
  const counts = sumBuckets((await service.data(slo, from, to)).buckets ?? [], from, to)
  const allowedBad = (1 - slo.objective) * counts.total
  const totalBad = counts.total - counts.good
  const rows = await service.readSlices(slo.id, by, from, to)
  const slices = rows.map((r) => {
    const bad = r.total - r.good
    return {
      ...r,
      bad,
      sli: r.total > 0 ? r.good / r.total : null,
      shareOfBad: totalBad > 0 ? bad / totalBad : 0,
      budgetConsumed: allowedBad > 0 ? bad / allowedBad : 0,
    }
  })
  const attributed = slices.reduce((c, s) => ({ good: c.good + s.good, total: c.total + s.total }), {
    good: 0,
    total: 0,
  })
  return {
    by,
    counts,
    allowedBad,
    slices,
    unattributed: { good: counts.good - attributed.good, total: counts.total - attributed.total },
  }
}
