import { burnRateFactors, type ResolvedAlertRule } from './burnRateFactors.js'
import { promDuration } from './promDuration.js'
import { promLabelName } from './promLabelName.js'
import { promNumber } from './promNumber.js'
import { rulesPeriodMs } from './rulesPeriod.js'
import { sliErrorQuery, sliEventCount } from './sliErrorQuery.js'
import type { SloSpec } from './spec.js'

/** A Prometheus recording rule. */
export interface RecordingRule {
  record: string
  expr: string
  labels: Record<string, string>
}

/** A Prometheus alerting rule. */
export interface AlertingRule {
  alert: string
  expr: string
  /** How long the expression must hold before the alert fires; absent when at once. */
  for?: string
  labels: Record<string, string>
  annotations: Record<string, string>
}

/** A named group of rules, evaluated in order at Prometheus' global interval. */
export interface RuleGroup {
  name: string
  rules: (RecordingRule | AlertingRule)[]
}

/** A Prometheus rule file as plain data (`ruleFileYaml` writes it out). */
export interface RuleFile {
  groups: RuleGroup[]
}

/** Options for `prometheusRules`. */
export interface PrometheusRulesOptions {
  /** Name of every burn-rate alert; severity and SLO are labels. Default `SloErrorBudgetBurn`. */
  alertName?: string
  /** Extra labels on each `vigil_slo_info` series, e.g. the generator's version. */
  infoLabels?: Record<string, string>
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Windows that always get an error-ratio recording rule, as Sloth records them. */
export const SliRuleWindows: readonly number[] = [
  5 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  6 * HOUR,
  DAY,
  3 * DAY,
]

const errorRate = (windowMs: number): string => `slo:sli_error:ratio_rate${promDuration(windowMs)}`

/** The Sloth identity labels, and Vigil's journey when the SLO has one. */
const identity = (slo: SloSpec): Record<string, string> => {
  const service = slo.service ?? slo.journey ?? slo.id
  // A Sloth import's id is `<service>-<name>`; Sloth's own `sloth_slo` label is the bare name.
  const name =
    slo.origin.format === 'sloth' && slo.id.startsWith(`${service}-`)
      ? slo.id.slice(service.length + 1)
      : slo.id
  return {
    sloth_id: slo.id,
    sloth_service: service,
    sloth_slo: name,
    ...(slo.journey !== undefined ? { vigil_journey: slo.journey } : {}),
  }
}

/** The spec's labels under valid names; Vigil's and Sloth's own labels win over them. */
const userLabels = (slo: SloSpec, reserved: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    Object.keys(slo.labels)
      .sort()
      .map((key) => [promLabelName(key), slo.labels[key] as string] as const)
      .filter(([name]) => !(name in reserved) && name !== 'sloth_window'),
  )

const selector = (ids: Record<string, string>): string =>
  `{${['sloth_id', 'sloth_service', 'sloth_slo'].map((k) => `${k}=${JSON.stringify(ids[k])}`).join(', ')}}`

const windowText = (slo: SloSpec): string =>
  slo.window.type === 'rolling' ? promDuration(slo.window.durationMs) : slo.window.unit

const windowPhrase = (slo: SloSpec): string =>
  slo.window.type === 'rolling'
    ? `a rolling ${promDuration(slo.window.durationMs)}`
    : `each calendar ${slo.window.unit} (${slo.window.timeZone})`

/** A recorded error ratio without its `sloth_window` label, so burn rates carry only the SLO's labels. */
const withoutWindow = (record: string, sel: string): string => `sum without (sloth_window) (${record}${sel})`

const describeRule = (rule: ResolvedAlertRule, period: string): string => {
  const windows =
    rule.shortWindowMs === null
      ? `over ${promDuration(rule.longWindowMs)}`
      : `over ${promDuration(rule.longWindowMs)} and ${promDuration(rule.shortWindowMs)}`
  const share =
    rule.budgetFraction !== undefined
      ? `${promNumber(rule.budgetFraction * 100)}% of the ${period} error budget spent within ${promDuration(rule.longWindowMs)}: `
      : ''
  return `${share}burn rate >= ${promNumber(rule.factor)} ${windows}`
}

const alertClause = (
  rule: ResolvedAlertRule,
  budget: string,
  sel: string,
  guard: string | undefined,
): string => {
  const threshold = `(${promNumber(rule.factor)} * ${budget})`
  const lines = [`${errorRate(rule.longWindowMs)}${sel} >= ${threshold}`]
  if (rule.shortWindowMs !== null) {
    lines.push(`and ignoring (sloth_window) ${errorRate(rule.shortWindowMs)}${sel} >= ${threshold}`)
  }
  if (guard !== undefined) lines.push(`and on () (${guard})`)
  return `(\n  ${lines.join('\n  ')}\n)`
}

const sloGroups = (
  slo: SloSpec,
  byId: ReadonlyMap<string, SloSpec>,
  options: PrometheusRulesOptions,
): RuleGroup[] => {
  const periodMs = rulesPeriodMs(slo.window)
  const period = promDuration(periodMs)
  const ids = identity(slo)
  const labels = { ...ids, ...userLabels(slo, ids) }
  const sel = selector(ids)
  const severities = (['page', 'ticket'] as const).filter((s) => slo.alerting[s])
  const alertRules = burnRateFactors(
    periodMs,
    slo.alerting.rules.filter((r) => (severities as readonly string[]).includes(r.severity)),
  )
  const windows = [
    ...new Set([
      ...SliRuleWindows,
      ...alertRules.flatMap((r) =>
        r.shortWindowMs === null ? [r.longWindowMs] : [r.longWindowMs, r.shortWindowMs],
      ),
    ]),
  ].sort((a, b) => a - b)

  const sliRules: RecordingRule[] = windows.map((windowMs) => {
    const q = sliErrorQuery(slo, windowMs, byId)
    if (!q.ok) throw new RangeError(`SLO "${slo.id}" cannot be exported as Prometheus rules: ${q.reason}`)
    return {
      record: errorRate(windowMs),
      expr: q.expr,
      labels: { ...labels, sloth_window: promDuration(windowMs) },
    }
  })
  // Like Sloth, the period's ratio is the mean of the 5-minute ratios: cheap to evaluate over 30 days,
  // but every 5 minutes weighs the same whatever its traffic. Vigil's own figures are exact.
  if (!windows.includes(periodMs)) {
    sliRules.push({
      record: errorRate(periodMs),
      expr: `avg_over_time(${errorRate(5 * MINUTE)}${sel}[${period}])`,
      labels: { ...labels, sloth_window: period },
    })
  }

  const budget = promNumber(1 - slo.objective)
  const onSlo = 'on (sloth_id, sloth_slo, sloth_service) group_left'
  const metaRules: RecordingRule[] = [
    { record: 'slo:objective:ratio', expr: `vector(${promNumber(slo.objective)})`, labels },
    { record: 'slo:error_budget:ratio', expr: `vector(${budget})`, labels },
    { record: 'slo:time_period:days', expr: `vector(${promNumber(periodMs / DAY)})`, labels },
    {
      record: 'slo:current_burn_rate:ratio',
      expr: `${withoutWindow(errorRate(5 * MINUTE), sel)} / ${onSlo} slo:error_budget:ratio${sel}`,
      labels,
    },
    {
      record: 'slo:period_burn_rate:ratio',
      expr: `${withoutWindow(errorRate(periodMs), sel)} / ${onSlo} slo:error_budget:ratio${sel}`,
      labels,
    },
    {
      record: 'slo:period_error_budget_remaining:ratio',
      expr: `1 - slo:period_burn_rate:ratio${sel}`,
      labels,
    },
    {
      record: 'vigil_slo_info',
      expr: 'vector(1)',
      labels: {
        ...labels,
        sloth_objective: promNumber(slo.objective * 100),
        vigil_window: windowText(slo),
        ...(slo.window.type === 'calendar' ? { vigil_time_zone: slo.window.timeZone } : {}),
        vigil_budgeting: slo.budgeting.method,
        vigil_sli_source: slo.sli.source,
        vigil_spec_format: slo.origin.format,
        ...options.infoLabels,
      },
    },
  ]

  const alerts: AlertingRule[] = []
  for (const severity of severities) {
    const ofSeverity = alertRules.filter((r) => r.severity === severity)
    const holds = [...new Set(ofSeverity.map((r) => r.forMs ?? 0))].sort((a, b) => a - b)
    for (const forMs of holds) {
      const group = ofSeverity.filter((r) => (r.forMs ?? 0) === forMs)
      const clauses = group.map((rule) => {
        const count = slo.alerting.minEvents > 0 ? sliEventCount(slo, rule.longWindowMs, byId) : undefined
        return alertClause(rule, budget, sel, count && `${count} >= ${promNumber(slo.alerting.minEvents)}`)
      })
      alerts.push({
        alert: options.alertName ?? 'SloErrorBudgetBurn',
        expr: clauses.join('\nor ignoring (sloth_window)\n'),
        ...(forMs > 0 ? { for: promDuration(forMs) } : {}),
        labels: { ...ids, severity, sloth_severity: severity },
        annotations: {
          summary: `SLO ${slo.id} is burning its error budget too fast (${severity})`,
          description: `Objective ${promNumber(slo.objective * 100)}% over ${windowPhrase(slo)}. Fires on ${group
            .map((r) => describeRule(r, period))
            .join('; or ')}.`,
        },
      })
    }
  }

  return [
    { name: `vigil-slo-sli-recordings-${slo.id}`, rules: sliRules },
    { name: `vigil-slo-meta-recordings-${slo.id}`, rules: metaRules },
    ...(alerts.length > 0 ? [{ name: `vigil-slo-alerts-${slo.id}`, rules: alerts }] : []),
  ]
}

/**
 * Prometheus recording and alerting rules for a set of SLOs, with Sloth's names and labels so
 * Sloth's dashboards work on them: error ratios per window (`slo:sli_error:ratio_rate5m` … `3d`,
 * plus any window an alert rule uses, plus the period), objective, budget, period, burn rates,
 * budget remaining, a `vigil_slo_info` series, and multi-window multi-burn-rate page and ticket
 * alerts whose factors come from each SLO's own period. Groups follow the order of `slos`, so the
 * same input always gives the same file. Throws a RangeError for an SLO that `rulesExportIssues`
 * reports as not exportable.
 */
export const prometheusRules = (slos: readonly SloSpec[], options: PrometheusRulesOptions = {}): RuleFile => {
  const byId = new Map(slos.map((slo) => [slo.id, slo]))
  return { groups: slos.flatMap((slo) => sloGroups(slo, byId, options)) }
}
