import type { ResolvedAlertRule } from './burnRateFactors.js'
import { assertTarget } from './target.js'

/**
 * Whether a rule can never fire for this target: the highest possible burn rate (every event bad)
 * is 1 / (1 − target), so a factor with factor × (1 − target) > 1 would need an error ratio above
 * 100 %. With a target of 0.5 the 30-day page factors 14.4 and 6 and the ticket factor 3 are all out
 * of reach.
 */
export const ruleNeverFires = (target: number, factor: number): boolean => {
  assertTarget(target)
  return factor * (1 - target) > 1
}

/** The rules that can never fire for `target`, so a spec check can warn about them. */
export const neverFiringRules = (target: number, rules: readonly ResolvedAlertRule[]): ResolvedAlertRule[] =>
  rules.filter((rule) => ruleNeverFires(target, rule.factor))
