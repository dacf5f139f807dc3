import type { SloSpec } from '@vigil/slo'

/**
 * How the collector judges a slice condition `pNN OP x` (docs/slo.md, "Percentile slices").
 *
 * Percentiles are the weighted inverse CDF (nearest rank, Hyndman–Fan type 1): with W the summed
 * weight of a slice's values and W(≤v) the weight of those ≤ v, pNN = min{ v : W(≤v) ≥ NN/100 · W }.
 * Under that definition, for any x:
 *   pNN ≤ x ⇔ W(≤x) ≥ p·W        pNN < x ⇔ W(<x) ≥ p·W
 *   pNN > x ⇔ W(≤x) < p·W        pNN ≥ x ⇔ W(<x) < p·W
 * so a slice is judged exactly from two weighted counts, and counts add up across minutes where
 * percentiles do not. The commit path rolls up, per minute, `good` = W(≤x) (or W(<x)) and
 * `total` = W into `slo_minutes` under `id`; the SLO is then evaluated by `@vigil/slo` as the
 * equivalent ratio-slice condition (`spec`) over those buckets.
 */
export interface PercentileStream {
  /** Rollup series of the threshold counts; `#` never occurs in an SLO id, so it cannot collide. */
  id: string
  /** True when `good` counts values strictly below the threshold (`<` and `>=` conditions). */
  strict: boolean
  /** The threshold in the SLI's value unit (ms for span durations, the vital's own unit). */
  threshold: number
  /** The SLO with its percentile condition replaced by the equivalent ratio condition. */
  spec: SloSpec
}

/** NN/100 as the double nearest to the decimal the spec wrote (`99.9` → 999/1000, not 99.9/100). */
const share = (percentile: number): number => {
  const decimals = (String(percentile).split('.')[1] ?? '').length
  const scale = 10 ** decimals
  return Math.round(percentile * scale) / (100 * scale)
}

/** The threshold stream of a native SLO with a `pNN OP x` slice condition; `null` for any other. */
export const percentileStream = (slo: SloSpec): PercentileStream | null => {
  const { budgeting, sli } = slo
  if (budgeting.method !== 'timeslices' || budgeting.condition.measure !== 'percentile') return null
  if (sli.source !== 'spans' && !(sli.source === 'rum' && sli.event === 'vital')) return null
  const { op, threshold, percentile = 50 } = budgeting.condition
  const strict = op === 'lt' || op === 'gte'
  const meets = op === 'lt' || op === 'lte'
  return {
    id: `${slo.id}#${strict ? 'lt' : 'le'}${threshold}`,
    strict,
    threshold,
    spec: {
      ...slo,
      budgeting: {
        ...budgeting,
        condition: { measure: 'ratio', op: meets ? 'gte' : 'lt', threshold: share(percentile) },
      },
    },
  }
}
