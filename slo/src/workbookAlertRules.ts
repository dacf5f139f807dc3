/** Who an alert goes to: `page` wakes someone up, `ticket` waits for working hours. */
export type AlertSeverity = 'page' | 'ticket'

/**
 * One multi-window burn-rate rule. The burn factor is either derived from a share of the budget
 * (`budgetFraction` spent within `longWindowMs`, the SRE Workbook way) or given directly (`factor`,
 * as OpenSLO alert conditions do). Exactly one of the two is set.
 */
export interface AlertRule {
  severity: AlertSeverity
  /** Window whose burn rate must exceed the factor. */
  longWindowMs: number
  /** Confirmation window that makes the alert reset quickly; `null` for a single-window rule. */
  shortWindowMs: number | null
  /** Share of the whole period's budget (0.02 = 2 %) that, spent within the long window, fires the rule. */
  budgetFraction?: number
  /** Burn-rate threshold given directly. */
  factor?: number
  /** How long the condition must hold before the rule fires (OpenSLO `alertAfter`), 0 when immediate. */
  forMs?: number
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/**
 * The SRE Workbook's multi-window, multi-burn-rate table: page on 2 % of the budget in 1 h (5 m
 * short window) or 5 % in 6 h (30 m); ticket on 10 % in 1 d (2 h) or 10 % in 3 d (6 h).
 */
export const WorkbookAlertRules: readonly AlertRule[] = [
  { severity: 'page', budgetFraction: 0.02, longWindowMs: HOUR, shortWindowMs: 5 * MINUTE },
  { severity: 'page', budgetFraction: 0.05, longWindowMs: 6 * HOUR, shortWindowMs: 30 * MINUTE },
  { severity: 'ticket', budgetFraction: 0.1, longWindowMs: 24 * HOUR, shortWindowMs: 2 * HOUR },
  { severity: 'ticket', budgetFraction: 0.1, longWindowMs: 72 * HOUR, shortWindowMs: 6 * HOUR },
]
