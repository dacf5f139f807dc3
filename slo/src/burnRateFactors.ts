import { assertDuration } from './target.js'
import { type AlertRule, WorkbookAlertRules } from './workbookAlertRules.js'

/** An alert rule with its burn-rate factor worked out for a given SLO period. */
export interface ResolvedAlertRule extends AlertRule {
  /** Burn-rate threshold: both windows must burn at least this fast. */
  factor: number
}

/**
 * The burn rate at which `budgetFraction` of a period's budget is spent within `windowMs`:
 * fraction × period / window. For a 30-day period, 2 % in 1 h gives 0.02 × 720 h / 1 h = 14.4.
 */
export const burnRateFactor = (budgetFraction: number, windowMs: number, periodMs: number): number => {
  if (!(budgetFraction > 0 && budgetFraction <= 1)) {
    throw new RangeError(`budgetFraction must be in (0,1]: ${budgetFraction}`)
  }
  assertDuration('windowMs', windowMs)
  assertDuration('periodMs', periodMs)
  return (budgetFraction * periodMs) / windowMs
}

/**
 * Resolves every rule's factor for an SLO period (30 d gives the Workbook's 14.4 / 6 / 3 / 1, 28 d
 * gives 13.44 / 5.6 / 2.8 / 0.93). Rules that carry a fixed `factor` keep it.
 */
export const burnRateFactors = (
  periodMs: number,
  rules: readonly AlertRule[] = WorkbookAlertRules,
): ResolvedAlertRule[] =>
  rules.map((rule) => {
    if (rule.factor !== undefined) {
      if (!(rule.factor > 0 && Number.isFinite(rule.factor))) {
        throw new RangeError(`factor must be a positive number: ${rule.factor}`)
      }
      return { ...rule, factor: rule.factor }
    }
    if (rule.budgetFraction === undefined)
      throw new RangeError('an alert rule needs budgetFraction or factor')
    return { ...rule, factor: burnRateFactor(rule.budgetFraction, rule.longWindowMs, periodMs) }
  })
