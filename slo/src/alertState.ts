import { burnRate } from './burnRate.js'
import type { ResolvedAlertRule } from './burnRateFactors.js'
import type { Counts } from './counts.js'
import { ruleNeverFires } from './neverFiringRules.js'

/**
 * `firing`: both windows burn at least at the factor. `insufficientData`: the long window holds
 * fewer events than the minimum, so the rule is held silent. `ok`: otherwise.
 */
export type AlertStatus = 'ok' | 'firing' | 'insufficientData'

/** Inputs for judging one rule at one instant. */
export interface AlertStateInput {
  target: number
  rule: ResolvedAlertRule
  /** Counts over the rule's long window ending at the evaluation instant. */
  long: Counts
  /** Counts over the short window; ignored (may be null) when the rule has none. */
  short: Counts | null
  /** Guard rail: fewer (weighted) events than this in the long window never fire. */
  minEvents: number
  /**
   * Events behind the long window when its counts are not events (time slices, composite weight
   * units); the guard compares this with `minEvents`. Defaults to `long.total`.
   */
  longEvents?: number
}

/** The judged state of one rule. */
export interface AlertRuleState {
  rule: ResolvedAlertRule
  status: AlertStatus
  longBurnRate: number
  /** `null` for a single-window rule. */
  shortBurnRate: number | null
  /** Events in the long window, as compared with `minEvents`. */
  longEvents: number
  /** True when the factor is out of reach for this target (see `ruleNeverFires`). */
  neverFires: boolean
}

/**
 * Judges one multi-window burn-rate rule. The comparison is `>=`, so a rule whose factor equals the
 * highest possible burn rate still fires when every event is bad.
 */
export const alertState = (input: AlertStateInput): AlertRuleState => {
  const { target, rule, long, short, minEvents } = input
  if (!(minEvents >= 0)) throw new RangeError(`minEvents must be >= 0: ${minEvents}`)
  const longBurnRate = burnRate(target, long)
  const hasShort = rule.shortWindowMs !== null
  if (hasShort && short === null) throw new RangeError('the rule has a short window but no short counts')
  const shortBurnRate = hasShort && short !== null ? burnRate(target, short) : null
  const longEvents = input.longEvents ?? long.total
  const base = {
    rule,
    longBurnRate,
    shortBurnRate,
    longEvents,
    neverFires: ruleNeverFires(target, rule.factor),
  }
  if (long.total === 0 || longEvents < minEvents) return { ...base, status: 'insufficientData' }
  const burning = longBurnRate >= rule.factor && (shortBurnRate === null || shortBurnRate >= rule.factor)
  return { ...base, status: burning ? 'firing' : 'ok' }
}
