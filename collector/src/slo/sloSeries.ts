import {
  burnRate,
  type Counts,
  errorBudget,
  type MinuteBucket,
  type SloSpec,
  sli,
  windowBounds,
} from '@vigil/slo'
import type { SloService } from './SloService.js'
import { countsOver } from './sloBurnRates.js'
import { earliestNeeded } from './sloData.js'
import { sloStatus } from './sloStatus.js'

/** One point of an SLO's history. */
export interface SeriesPoint {
  at: number
  /** SLI over the SLO window ending at `at`; `null` without data. */
  sli: number | null
  /** Share of the period's budget left at `at` (negative when overspent). */
  budgetRemaining: number
  /** Burn rate over the whole window ending at `at`. */
  burnRate: number
  /** Burn rate over the hour before `at`; `null` without traffic. */
  burnRate1h: number | null
}

/** Most points one series request may ask for. */
export const MaxSeriesPoints = 2_000

const hourMs = 3_600_000

/** Sums of sorted buckets over any `[start, end)` in O(log n), for long series. */
const prefixCounts = (buckets: readonly MinuteBucket[]) => {
  const minutes = buckets.map((b) => b.minute)
  const good = [0]
  const total = [0]
  for (const b of buckets) {
    good.push((good.at(-1) ?? 0) + b.good)
    total.push((total.at(-1) ?? 0) + b.total)
  }
  const index = (t: number) => {
    let lo = 0
    let hi = minutes.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((minutes[mid] ?? 0) < t) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  return (start: number, end: number): Counts => {
    const i = index(start)
    const j = Math.max(i, index(end))
    const t = (total[j] ?? 0) - (total[i] ?? 0)
    const g = (good[j] ?? 0) - (good[i] ?? 0)
    // Differences of running sums can round a hair past their bounds; the counts themselves cannot.
    return { good: Math.max(0, Math.min(g, t)), total: Math.max(0, t) }
  }
}

/**
 * The SLI, budget left and burn rates of `slo` at `from, from + step, … < to`. Occurrence SLOs are
 * summed with running sums (the same counts `evaluateSlo` would sum); the others call `sloStatus`
 * at every point.
 */
export const sloSeries = async (
  service: SloService,
  slo: SloSpec,
  from: number,
  to: number,
  stepMs: number,
): Promise<SeriesPoint[]> => {
  const points = Math.ceil((to - from) / stepMs)
  if (!(stepMs >= 60_000) || points > MaxSeriesPoints || points < 1) {
    throw new RangeError(`step must be at least 1m and give 1 to ${MaxSeriesPoints} points (asked ${points})`)
  }
  const data = await service.data(slo, earliestNeeded(slo, from), to)
  const fast = slo.sli.source !== 'composite' && slo.budgeting.method === 'occurrences'
  const over = fast ? prefixCounts(data.buckets ?? []) : (s: number, e: number) => countsOver(slo, data, s, e)
  const out: SeriesPoint[] = []
  for (let at = from; at < to; at += stepMs) {
    const lastHour = over(at - hourMs, at)
    const burnRate1h = lastHour.total > 0 ? burnRate(slo.objective, lastHour) : null
    if (fast) {
      const bounds = windowBounds(slo.window, at)
      const counts = over(bounds.start, at)
      const budget = errorBudget(slo.objective, counts, bounds.periodMs)
      out.push({
        at,
        sli: sli(counts),
        budgetRemaining: budget.remaining,
        burnRate: burnRate(slo.objective, counts),
        burnRate1h,
      })
    } else {
      const status = sloStatus(slo, data, at)
      const rate = burnRate(slo.objective, status.counts)
      out.push({ at, sli: status.sli, budgetRemaining: status.budget.remaining, burnRate: rate, burnRate1h })
    }
  }
  return out
}
