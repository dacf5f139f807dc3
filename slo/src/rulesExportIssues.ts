import { SliRuleWindows } from './prometheusRules.js'
import { promLabelName } from './promLabelName.js'
import { sliErrorQuery } from './sliErrorQuery.js'
import type { SloSpec } from './spec.js'
import type { SpecIssue } from './specIssue.js'

const at = (slo: SloSpec, severity: SpecIssue['severity'], field: string, message: string, fix?: string) => ({
  severity,
  file: slo.origin.file,
  line: slo.origin.line,
  col: 1,
  path: `${slo.id}.${field}`,
  message: `SLO "${slo.id}": ${message}`,
  ...(fix ? { fix } : {}),
})

/**
 * What stands in the way of exporting `slos` as Prometheus rules: an error for an SLO that cannot be
 * expressed in PromQL (`prometheusRules` would throw), a warning where the rules can only
 * approximate the spec or a label key has to be renamed.
 */
export const rulesExportIssues = (slos: readonly SloSpec[]): SpecIssue[] => {
  const byId = new Map(slos.map((slo) => [slo.id, slo]))
  const issues: SpecIssue[] = []
  for (const slo of slos) {
    const q = sliErrorQuery(slo, SliRuleWindows[0] as number, byId)
    if (!q.ok)
      issues.push(at(slo, 'error', 'sli', `cannot be exported as Prometheus rules: ${q.reason}`, q.fix))
    else if (q.approximation) {
      issues.push(at(slo, 'warning', 'sli', `its Prometheus rules approximate the spec: ${q.approximation}`))
    }
    for (const key of Object.keys(slo.labels).sort()) {
      const name = promLabelName(key)
      if (name !== key)
        issues.push(at(slo, 'warning', `labels.${key}`, `label "${key}" is exported as "${name}"`))
    }
  }
  return issues
}
