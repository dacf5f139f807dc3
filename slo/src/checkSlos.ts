import { burnRateFactors } from './burnRateFactors.js'
import { formatDuration } from './duration.js'
import { ruleNeverFires } from './neverFiringRules.js'
import { nominalPeriods } from './nominalPeriods.js'
import type { SloSpec } from './spec.js'
import type { SpecIssue } from './specIssue.js'

const issueAt = (
  slo: SloSpec,
  index: number,
  severity: SpecIssue['severity'],
  field: string,
  message: string,
  fix?: string,
): SpecIssue => ({
  severity,
  file: slo.origin.file,
  line: slo.origin.line,
  col: 1,
  path: `${slo.id}.${field}`,
  message: `SLO "${slo.id}" (#${index + 1}): ${message}`,
  ...(fix ? { fix } : {}),
})

const ruleName = (severity: string, longMs: number, shortMs: number | null): string =>
  `${severity} rule ${formatDuration(longMs)}${shortMs === null ? '' : `/${formatDuration(shortMs)}`}`

/**
 * Checks that only make sense across a whole set of SLOs or across fields: unique ids, composite
 * parts that exist, slice conditions that fit the SLI, and alert rules that can never fire for the
 * target (a warning, not an error: the SLO itself is still valid).
 */
export const checkSlos = (slos: readonly SloSpec[]): SpecIssue[] => {
  const issues: SpecIssue[] = []
  const byId = new Map<string, SloSpec>()
  slos.forEach((slo, i) => {
    if (byId.has(slo.id)) {
      issues.push(issueAt(slo, i, 'error', 'id', `duplicate id "${slo.id}"`, 'give every SLO its own id'))
    } else byId.set(slo.id, slo)
  })
  slos.forEach((slo, i) => {
    const { sli, budgeting } = slo
    if (!slo.journey && !slo.service) {
      issues.push(
        issueAt(
          slo,
          i,
          'error',
          'journey',
          'names neither a journey nor a service',
          'add journey: <name> or service: <name>',
        ),
      )
    }
    if (sli.source === 'rum' && sli.event === 'journeyStep' && !slo.journey) {
      issues.push(
        issueAt(
          slo,
          i,
          'error',
          'sli.event',
          'a journeyStep SLI needs the SLO to name its journey',
          'add journey: <name>',
        ),
      )
    }
    if (sli.source === 'composite') {
      if (budgeting.method !== 'occurrences') {
        issues.push(
          issueAt(
            slo,
            i,
            'error',
            'budgeting',
            'a composite SLO budgets by occurrences',
            'remove budgeting (its parts keep their own)',
          ),
        )
      }
      const seen = new Set<string>()
      for (const part of sli.parts) {
        const target = byId.get(part.slo)
        if (seen.has(part.slo))
          issues.push(issueAt(slo, i, 'error', 'composite.parts', `part "${part.slo}" is listed twice`))
        seen.add(part.slo)
        if (!target) {
          issues.push(
            issueAt(
              slo,
              i,
              'error',
              'composite.parts',
              `part "${part.slo}" is not an SLO in this set`,
              `use one of: ${[...byId.keys()].join(', ')}`,
            ),
          )
        } else if (target.sli.source === 'composite') {
          issues.push(
            issueAt(
              slo,
              i,
              'error',
              'composite.parts',
              `part "${part.slo}" is itself a composite`,
              'list its parts directly',
            ),
          )
        } else if (sli.method === 'events' && target.budgeting.method !== 'occurrences') {
          issues.push(
            issueAt(
              slo,
              i,
              'error',
              'composite.method',
              `part "${part.slo}" counts slices, not events`,
              'use method: sli to combine parts with different budgeting',
            ),
          )
        }
      }
    }
    if (budgeting.method === 'timeslices') {
      const { measure } = budgeting.condition
      const hasValues = sli.source === 'spans' || (sli.source === 'rum' && sli.event === 'vital')
      if (measure === 'percentile' && !hasValues) {
        issues.push(
          issueAt(
            slo,
            i,
            'error',
            'budgeting.good',
            'a percentile needs values: span durations or a vital',
            'use "ratio >= …" for this SLI',
          ),
        )
      }
      if (measure === 'value' && !(sli.source === 'prometheus' && sli.valueQuery)) {
        issues.push(
          issueAt(
            slo,
            i,
            'error',
            'budgeting.good',
            '"value" slices need a Prometheus value query',
            'use "ratio >= …" or a percentile',
          ),
        )
      }
      if (measure === 'ratio' && !(budgeting.condition.threshold > 0 && budgeting.condition.threshold <= 1)) {
        issues.push(issueAt(slo, i, 'error', 'budgeting.good', 'a slice ratio threshold must be in (0,1]'))
      }
    }
    const severities = [slo.alerting.page ? 'page' : '', slo.alerting.ticket ? 'ticket' : '']
    const rules = slo.alerting.rules.filter((r) => severities.includes(r.severity))
    const { shortestMs, longestMs } = nominalPeriods(slo.window)
    const shortest = burnRateFactors(shortestMs, rules)
    const longest = burnRateFactors(longestMs, rules)
    shortest.forEach((rule, k) => {
      const longRule = longest[k] as (typeof longest)[number]
      const name = ruleName(rule.severity, rule.longWindowMs, rule.shortWindowMs)
      const maxBurn = 1 / (1 - slo.objective)
      if (ruleNeverFires(slo.objective, rule.factor)) {
        issues.push(
          issueAt(
            slo,
            i,
            'warning',
            'alerting',
            `${name} needs burn rate ${rule.factor.toFixed(2)} but at most ${maxBurn.toFixed(2)} is possible with objective ${slo.objective}: it can never fire`,
            'raise the objective or give this rule a smaller budget share',
          ),
        )
      } else if (ruleNeverFires(slo.objective, longRule.factor)) {
        issues.push(
          issueAt(
            slo,
            i,
            'warning',
            'alerting',
            `${name} can never fire in the longest periods (burn ${longRule.factor.toFixed(2)} > ${maxBurn.toFixed(2)})`,
          ),
        )
      }
    })
  })
  return issues
}
