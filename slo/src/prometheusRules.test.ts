import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { burnRateFactors } from './burnRateFactors.js'
import { importSloth } from './importSloth.js'
import { parseSloSpec } from './parseSloSpec.js'
import { promDuration } from './promDuration.js'
import {
  type AlertingRule,
  prometheusRules,
  type RecordingRule,
  type RuleFile,
  SliRuleWindows,
} from './prometheusRules.js'
import { ruleFileYaml } from './ruleFileYaml.js'
import { rulesExportIssues } from './rulesExportIssues.js'
import type { SloSpec } from './spec.js'

const DAY = 86_400_000

const specs = (text: string): SloSpec[] => {
  const result = parseSloSpec(text, 'slos.yaml')
  expect(result.issues.filter((i) => i.severity === 'error')).toEqual([])
  return result.slos
}

const shop = `slos:
  - id: login-success
    journey: login
    sli: { source: rum, event: journeyStep }
    objective: 99.5%
    window: 28d
    labels: { team: identity, app.kubernetes.io/name: web }
  - id: pay-api
    service: payments
    journey: checkout
    sli: { source: spans, good: status, filter: { route: "POST /api/pay" } }
    objective: 0.999
    window: 30d
    alerting:
      minEvents: 0
      rules:
        - { severity: page, budget: 2%, long: 1h, short: 5m }
        - { severity: ticket, factor: 2, long: 12h, for: 15m }
  - id: search-fast
    journey: search
    sli: { source: spans, good: latency, thresholdMs: 800, filter: {} }
    objective: 0.99
    window: 3d
    budgeting: { method: timeslices, slice: 5m, good: "p95 <= 800" }
`

const recordings = (file: RuleFile, id: string): RecordingRule[] =>
  file.groups
    .filter((g) => g.name.endsWith(`-${id}`))
    .flatMap((g) => g.rules)
    .filter((r): r is RecordingRule => 'record' in r)

const alerts = (file: RuleFile, id: string): AlertingRule[] =>
  file.groups
    .filter((g) => g.name === `vigil-slo-alerts-${id}`)
    .flatMap((g) => g.rules)
    .filter((r): r is AlertingRule => 'alert' in r)

/** Burn-rate factors written into alert expressions as `>= (factor * budget)`. */
const factorsIn = (rule: AlertingRule): number[] =>
  [...rule.expr.matchAll(/:ratio_rate\w+\{[^}]*\} >= \(([\d.]+) \*/g)].map((m) => Number(m[1]))

describe('prometheusRules', () => {
  const slos = specs(shop)
  const file = prometheusRules(slos)

  it('records Sloth-named error ratios for every standard window and the period', () => {
    const names = recordings(file, 'login-success').map((r) => r.record)
    const windows = [...SliRuleWindows, 28 * DAY].map((w) => `slo:sli_error:ratio_rate${promDuration(w)}`)
    expect(names.slice(0, windows.length)).toEqual(windows)
    expect(names).toEqual(
      expect.arrayContaining([
        'slo:objective:ratio',
        'slo:error_budget:ratio',
        'slo:time_period:days',
        'slo:current_burn_rate:ratio',
        'slo:period_burn_rate:ratio',
        'slo:period_error_budget_remaining:ratio',
        'vigil_slo_info',
      ]),
    )
    const period = recordings(file, 'login-success').find((r) => r.record === 'slo:sli_error:ratio_rate28d')
    expect(period?.expr).toMatch(
      /^avg_over_time\(slo:sli_error:ratio_rate5m\{sloth_id="login-success".*\[28d\]\)$/,
    )
  })

  it('puts the Sloth identity, the journey and sanitized spec labels on every rule', () => {
    for (const rule of recordings(file, 'login-success')) {
      expect(rule.labels).toMatchObject({
        sloth_id: 'login-success',
        sloth_service: 'login',
        sloth_slo: 'login-success',
        vigil_journey: 'login',
        team: 'identity',
        app_kubernetes_io_name: 'web',
      })
    }
    const fiveMinutes = recordings(file, 'pay-api').find((r) => r.record === 'slo:sli_error:ratio_rate5m')
    expect(fiveMinutes?.labels).toMatchObject({ sloth_service: 'payments', sloth_window: '5m' })
    expect(fiveMinutes?.expr).toContain('vigil_sli_events_total{slo="pay-api",kind="good"}[5m]')
    expect(rulesExportIssues(slos).map((i) => i.path)).toEqual([
      'login-success.labels.app.kubernetes.io/name',
    ])
  })

  it('derives alert factors from the period: 28 d and 30 d differ', () => {
    const [page, ticket] = alerts(file, 'login-success')
    const expected28 = burnRateFactors(28 * DAY)
    expect(page?.labels).toMatchObject({
      severity: 'page',
      sloth_severity: 'page',
      sloth_id: 'login-success',
    })
    for (const [rule, severity] of [
      [page, 'page'],
      [ticket, 'ticket'],
    ] as const) {
      expect(factorsIn(rule as AlertingRule)).toEqual(
        expected28
          .filter((r) => r.severity === severity)
          .flatMap((r) => [expect.closeTo(r.factor, 9), expect.closeTo(r.factor, 9)]),
      )
    }
    expect(factorsIn(page as AlertingRule)[0]).toBeCloseTo(0.02 * 28 * 24, 10)
    expect(page?.expr).toContain('>= (13.44 * 0.005)')

    const [payPage, payTicket] = alerts(file, 'pay-api')
    const factor30 = expect.closeTo(0.02 * 30 * 24, 9)
    expect(factorsIn(payPage as AlertingRule)).toEqual([factor30, factor30])
    expect(payTicket).toMatchObject({ for: '15m', labels: { severity: 'ticket' } })
    expect(factorsIn(payTicket as AlertingRule)).toEqual([2])
  })

  it('records the windows custom rules need and guards alerts with minEvents', () => {
    const names = recordings(file, 'pay-api').map((r) => r.record)
    expect(names).toContain('slo:sli_error:ratio_rate12h')
    expect(names.indexOf('slo:sli_error:ratio_rate12h')).toBe(names.indexOf('slo:sli_error:ratio_rate6h') + 1)
    // pay-api sets minEvents: 0, login-success keeps the default guard.
    expect(alerts(file, 'pay-api').some((a) => a.expr.includes('increase('))).toBe(false)
    expect(alerts(file, 'login-success')[0]?.expr).toContain(
      'and on () (sum(increase(vigil_sli_events_total{slo="login-success",kind="total"}[1h])) >= 100)',
    )
  })

  it('reads slices for slice budgeting and does not record a period that is already a window', () => {
    const rules = recordings(file, 'search-fast')
    expect(rules.filter((r) => r.record === 'slo:sli_error:ratio_rate3d')).toHaveLength(1)
    expect(rules[0]?.expr).toContain('vigil_sli_slices_total{slo="search-fast",kind="total"}[5m]')
    expect(rules.find((r) => r.record === 'slo:time_period:days')?.expr).toBe('vector(3)')
  })

  it('keeps Sloth identities and queries of an imported Sloth file', () => {
    const sloth = importSloth(
      `version: prometheus/v1
service: shop-api
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
`,
      'sloth.yaml',
    )
    const out = prometheusRules(sloth.slos)
    const [first] = recordings(out, 'shop-api-availability')
    expect(first?.labels).toMatchObject({
      sloth_id: 'shop-api-availability',
      sloth_service: 'shop-api',
      sloth_slo: 'availability',
    })
    expect(first?.expr).toBe(
      '(sum(rate(http_requests_total{code=~"5.."}[5m]))) / (sum(rate(http_requests_total[5m])))',
    )
    expect(alerts(out, 'shop-api-availability')[0]?.expr).not.toContain('increase(')
  })

  it('is deterministic and serializes to YAML that reads back as the same data', () => {
    const again = prometheusRules(specs(shop))
    expect(ruleFileYaml(again)).toBe(ruleFileYaml(file))
    const yaml = ruleFileYaml(file, 'generated by a test')
    expect(yaml.startsWith('# generated by a test\n')).toBe(true)
    expect(yaml).not.toMatch(/[&*]a\d/)
    expect(parse(yaml)).toEqual(JSON.parse(JSON.stringify(file)))
  })

  it('reports and refuses an SLO that PromQL cannot express', () => {
    const [ok] = specs(`slos:
  - id: ok
    service: a
    sli: { source: spans, good: status, filter: {} }
    objective: 0.99
`) as [SloSpec]
    const ratio: SloSpec = {
      ...ok,
      id: 'ratio',
      sli: { source: 'prometheus', errorRatioQuery: 'job:errors:ratio' },
    }
    const combined: SloSpec = {
      ...ok,
      id: 'combined',
      sli: {
        source: 'composite',
        method: 'events',
        parts: [
          { slo: 'ok', weight: 1 },
          { slo: 'ratio', weight: 1 },
        ],
      },
    }
    const all = [ok, combined, ratio]
    expect(rulesExportIssues(all)).toMatchObject([
      { severity: 'error', path: 'combined.sli', fix: 'use method: sli' },
    ])
    expect(() => prometheusRules(all)).toThrow(/combined.*part "ratio" has no event counts/)
  })
})
