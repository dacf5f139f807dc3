import { assertCounts, badOf, type Counts } from './counts.js'
import { assertDuration, assertTarget } from './target.js'

/** The error budget of one SLO over one window, in events, as a fraction and in time. */
export interface ErrorBudget {
  /** Objective, in (0,1). */
  target: number
  /** Bad events (or bad slices) observed: total − good. */
  bad: number
  /** Bad events the objective allows for the traffic seen: (1 − target) × total. */
  allowedBad: number
  /** allowedBad − bad; negative once the budget is overspent. */
  remainingEvents: number
  /** Share of the budget spent, bad / allowedBad; 0 with no traffic, above 1 when overspent; never negative. */
  consumed: number
  /** 1 − consumed; negative when overspent. */
  remaining: number
  /** Length of the SLO period in ms (30 d, or the calendar month/quarter). */
  periodMs: number
  /** The whole budget as time: (1 − target) × period. */
  budgetMs: number
  /** consumed × budgetMs: for time slices this is exactly bad slices × slice length over a full period. */
  consumedMs: number
  /** budgetMs − consumedMs; negative when overspent. */
  remainingMs: number
}

/** Error budget from counts. Throws RangeError for a target outside (0,1) or impossible counts. */
export const errorBudget = (target: number, counts: Counts, periodMs: number): ErrorBudget => {
  assertTarget(target)
  assertCounts(counts)
  assertDuration('periodMs', periodMs)
  const bad = badOf(counts)
  const allowedBad = (1 - target) * counts.total
  // Ratio first, so tiny weighted totals cannot underflow allowedBad to 0.
  const consumed = counts.total === 0 ? 0 : bad / counts.total / (1 - target)
  const budgetMs = (1 - target) * periodMs
  const consumedMs = consumed * budgetMs
  return {
    target,
    bad,
    allowedBad,
    remainingEvents: allowedBad - bad,
    consumed,
    remaining: 1 - consumed,
    periodMs,
    budgetMs,
    consumedMs,
    remainingMs: budgetMs - consumedMs,
  }
}
