import { type AlertRuleState, type AlertStatus, alertState } from './alertState.js'
import type { ResolvedAlertRule } from './burnRateFactors.js'
import type { Counts, MinuteBucket } from './counts.js'
import { sumBuckets } from './sumBuckets.js'
import type { AlertSeverity } from './workbookAlertRules.js'

/** Inputs for judging every rule of an SLO at instant `at` from its minute buckets. */
export interface EvaluateAlertsInput {
  target: number
  rules: readonly ResolvedAlertRule[]
  /** Minute buckets of the SLI; or give `countsOver` instead. */
  buckets?: readonly MinuteBucket[]
  /** Counts over `[start, end)` when the data is not plain minute buckets (slices, composites). */
  countsOver?: (start: number, end: number) => Counts
  /** Events behind `[start, end)` for the `minEvents` guard when counts are slices or weights. */
  eventsOver?: (start: number, end: number) => number
  at: number
  minEvents: number
  /** Severities that are switched on; rules of other severities are skipped. */
  severities?: readonly AlertSeverity[]
}

/** Per-severity outcome plus the state of each rule that was judged. */
export interface AlertsEvaluation {
  /** `firing` if any rule of the severity fires; else `insufficientData` if any was held silent; else `ok`. */
  page: AlertStatus
  ticket: AlertStatus
  rules: AlertRuleState[]
}

const combine = (states: readonly AlertRuleState[]): AlertStatus => {
  if (states.some((s) => s.status === 'firing')) return 'firing'
  if (states.some((s) => s.status === 'insufficientData')) return 'insufficientData'
  return 'ok'
}

/** Judges every rule over windows `[at − w, at)` of the data. */
export const evaluateAlerts = (input: EvaluateAlertsInput): AlertsEvaluation => {
  const { target, buckets, at, minEvents, eventsOver } = input
  const countsOver =
    input.countsOver ??
    ((start: number, end: number): Counts => {
      if (!buckets) throw new RangeError('evaluateAlerts needs buckets or countsOver')
      return sumBuckets(buckets, start, end)
    })
  const enabled = input.severities ?? ['page', 'ticket']
  const rules = input.rules
    .filter((rule) => enabled.includes(rule.severity))
    .map((rule) =>
      alertState({
        target,
        rule,
        long: countsOver(at - rule.longWindowMs, at),
        short: rule.shortWindowMs === null ? null : countsOver(at - rule.shortWindowMs, at),
        minEvents,
        ...(eventsOver ? { longEvents: eventsOver(at - rule.longWindowMs, at) } : {}),
      }),
    )
  return {
    page: combine(rules.filter((r) => r.rule.severity === 'page')),
    ticket: combine(rules.filter((r) => r.rule.severity === 'ticket')),
    rules,
  }
}
