import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { parseSloSpec } from './parseSloSpec.js'
import { type AlertingRule, prometheusRules, type RecordingRule } from './prometheusRules.js'
import { ruleFileYaml } from './ruleFileYaml.js'

// CI installs promtool with Debian's `prometheus` package; elsewhere this test is skipped.
const hasPromtool = spawnSync('promtool', ['--version']).error === undefined

const spec = `slos:
  - id: busy
    journey: checkout
    sli: { source: rum, event: pageView }
    objective: 0.99
    window: 30d
  - id: quiet
    journey: search
    sli: { source: rum, event: pageView }
    objective: 0.99
    window: 30d
  - id: healthy
    journey: login
    sli: { source: rum, event: pageView }
    objective: 0.99
    window: 30d
`

/** Minutes of synthetic traffic: per minute, `total` page views of which `good` were fine. */
const traffic = (slo: string, total: number, good: number, minutes: number) => [
  { series: `vigil_sli_events_total{slo="${slo}",kind="total"}`, values: `0+${total}x${minutes}` },
  { series: `vigil_sli_events_total{slo="${slo}",kind="good"}`, values: `0+${good}x${minutes}` },
]

const dir = mkdtempSync(join(tmpdir(), 'vigil-promtool-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('generated rules under promtool', () => {
  it('has promtool on PATH (Debian package prometheus; .ci/run installs it)', () =>
    expect(hasPromtool).toBe(true))

  it('compute the error ratio and fire page and ticket alerts only with enough bad traffic', () => {
    const { slos } = parseSloSpec(spec, 'slos.yaml')
    const file = prometheusRules(slos)
    writeFileSync(join(dir, 'rules.yaml'), ruleFileYaml(file))
    const rules = file.groups.flatMap((g) => g.rules)
    const record = (id: string, name: string) =>
      rules.find((r): r is RecordingRule => 'record' in r && r.record === name && r.labels.sloth_id === id)
    const busyAlerts = rules.filter((r): r is AlertingRule => 'alert' in r && r.labels.sloth_id === 'busy')
    const fiveMinutes = record('busy', 'slo:sli_error:ratio_rate5m') as RecordingRule
    const remaining = record('busy', 'slo:period_error_budget_remaining:ratio') as RecordingRule
    // A quarter of the busy journey's page views fail (exact in binary, so the ratio is exactly 0.25).
    const errorRatio = (64 - 48) / 64
    const seriesName = (name: string, labels: Record<string, string>) =>
      `${name}{${Object.entries(labels)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}}`
    const firstWindow = (severity: string) => (severity === 'page' ? '1h' : '1d')

    const test = {
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            ...traffic('busy', 64, 48, 120),
            // All bad, but 1 view a minute stays under the default minEvents of 100 per long window.
            ...traffic('quiet', 1, 0, 120),
            ...traffic('healthy', 64, 64, 120),
          ],
          // promtool compares samples exactly; rates carry float noise, so test within a tolerance.
          promql_expr_test: [
            {
              expr: `abs(slo:sli_error:ratio_rate5m{sloth_id="busy"} - ${errorRatio}) < bool 1e-9`,
              eval_time: '70m',
              exp_samples: [{ labels: seriesName('', fiveMinutes.labels), value: 1 }],
            },
            {
              expr: `abs(slo:period_error_budget_remaining:ratio{sloth_id="busy"} - ${1 - errorRatio / 0.01}) < bool 1e-9`,
              eval_time: '70m',
              exp_samples: [{ labels: seriesName('', remaining.labels), value: 1 }],
            },
          ],
          alert_rule_test: [
            {
              eval_time: '70m',
              alertname: 'SloErrorBudgetBurn',
              exp_alerts: busyAlerts.map((a) => ({
                exp_labels: { ...a.labels, sloth_window: firstWindow(a.labels.severity as string) },
                exp_annotations: a.annotations,
              })),
            },
          ],
        },
      ],
    }
    writeFileSync(join(dir, 'test.yaml'), stringify(test))
    expect(busyAlerts.map((a) => a.labels.severity)).toEqual(['page', 'ticket'])
    const run = spawnSync('promtool', ['test', 'rules', 'test.yaml'], { cwd: dir, encoding: 'utf8' })
    expect(`${run.stdout}${run.stderr}`).toContain('SUCCESS')
    expect(run.status).toBe(0)
  })
})
