import type { MinuteBucket } from './counts.js'
import { sumBuckets } from './sumBuckets.js'
import { assertDuration, assertTarget } from './target.js'
import { type WindowSpec, windowBounds } from './windows.js'

/** Inputs for forecasting when the error budget runs out. */
export interface ForecastInput {
  target: number
  window: WindowSpec
  buckets: readonly MinuteBucket[]
  /** Evaluation instant, ms since epoch. */
  at: number
  /** The "current burn" is measured over `[at − lookbackMs, at)`; 1 h when omitted. */
  lookbackMs?: number
}

/**
 * `exhausted`: the budget is already spent at `at`. `forecast`: it will run out at `exhaustsAt` if
 * traffic keeps its current rate and error ratio. `never`: it will not run out (within the calendar
 * period, or ever for a rolling window).
 */
export interface ExhaustionForecast {
  status: 'exhausted' | 'forecast' | 'never'
  /** When the budget runs out (`at` if already spent); `null` for `never`. */
  exhaustsAt: number | null
  /** Burn rate over the lookback window, the pace the forecast assumes. */
  currentBurnRate: number
}

interface Expiry {
  at: number
  good: number
  total: number
}

/**
 * Forecasts budget exhaustion exactly from counts. The future is the lookback window repeated:
 * events keep arriving at its rate and with its error ratio. For a rolling window the events that
 * slide out of the window leave it at known instants (taken from the buckets), so a spike of errors
 * ageing out is accounted for; a calendar window only grows until its period ends.
 */
export const forecastExhaustion = (input: ForecastInput): ExhaustionForecast => {
  const { target, window, buckets, at } = input
  const lookbackMs = input.lookbackMs ?? 3_600_000
  assertTarget(target)
  assertDuration('lookbackMs', lookbackMs)
  const k = 1 - target
  const bounds = windowBounds(window, at)
  const now = sumBuckets(buckets, bounds.start, at)
  const recent = sumBuckets(buckets, at - lookbackMs, at)
  const rate = recent.total / lookbackMs
  const errorRatio = recent.total > 0 ? (recent.total - recent.good) / recent.total : 0
  const currentBurnRate = errorRatio / k
  // slack = allowed bad − bad; the budget is spent once slack reaches 0 with some bad events.
  let total = now.total
  let bad = now.total - now.good
  let slack = k * total - bad
  const spent = (): boolean => slack < 0 || (slack === 0 && bad > 0)
  if (spent()) return { status: 'exhausted', exhaustsAt: at, currentBurnRate }
  const drift = rate * (k - errorRatio)
  const horizon = window.type === 'rolling' ? Number.POSITIVE_INFINITY : bounds.periodEnd - at

  const expiries: Expiry[] = []
  if (window.type === 'rolling') {
    for (const b of buckets) {
      if (b.minute >= bounds.start && b.minute < at) {
        expiries.push({ at: b.minute + window.durationMs - at, good: b.good, total: b.total })
      }
    }
    expiries.sort((a, b) => a.at - b.at)
  }

  let tau = 0
  const crossing = (until: number): number | null => {
    if (drift >= 0) return null
    const when = tau + slack / -drift
    return when <= until ? when : null
  }
  for (const e of expiries) {
    const hit = crossing(e.at)
    if (hit !== null) return { status: 'forecast', exhaustsAt: at + hit, currentBurnRate }
    slack += drift * (e.at - tau)
    total += rate * (e.at - tau)
    bad += rate * errorRatio * (e.at - tau)
    tau = e.at
    // The bucket leaves the window just after tau.
    slack -= k * e.total - (e.total - e.good)
    total -= e.total
    bad -= e.total - e.good
    if (spent()) return { status: 'forecast', exhaustsAt: at + tau, currentBurnRate }
  }
  const hit = crossing(horizon)
  return hit === null
    ? { status: 'never', exhaustsAt: null, currentBurnRate }
    : { status: 'forecast', exhaustsAt: at + hit, currentBurnRate }
}
