import { burnRateFactors, type SloSpec, windowBounds } from '@vigil/slo'
import { StatusBurnWindows } from './sloBurnRates.js'
import { earliestNeeded } from './sloData.js'

const forecastLookbackMs = 3_600_000

/**
 * The instants an evaluation of `slo` at `at` sums between, ascending from `earliestNeeded`, or
 * `null` when it needs every minute. `sloStatus` and `sloBurnRates` read a bucket only through
 * sums over `[b, at)` for these `b`, so buckets summed between consecutive boundaries (each carrying
 * its boundary as `minute`) give exactly the figures of the minute buckets. That holds for native
 * occurrence SLOs on calendar windows; a rolling window's forecast walks each minute as it ages
 * out, and slices need their own boundaries.
 */
export const evaluationBoundaries = (slo: SloSpec, at: number): number[] | null => {
  if (slo.sli.source === 'composite' || slo.budgeting.method !== 'occurrences') return null
  if (slo.window.type !== 'calendar') return null
  const bounds = windowBounds(slo.window, at)
  const earliest = earliestNeeded(slo, at)
  const windows = [forecastLookbackMs, ...Object.values(StatusBurnWindows)]
  for (const rule of burnRateFactors(bounds.periodMs, slo.alerting.rules)) {
    windows.push(rule.longWindowMs)
    if (rule.shortWindowMs !== null) windows.push(rule.shortWindowMs)
  }
  const starts = [earliest, bounds.start, ...windows.map((w) => at - w)].filter(
    (b) => b >= earliest && b < at,
  )
  return [...new Set(starts)].sort((a, b) => a - b)
}
