import { describe, expect, it } from 'vitest'
import { importOpenSlo } from './importOpenSlo.js'

const DAY = 86_400_000
const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1

const file = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: api-errors
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: Prometheus
        spec:
          query: sum(rate(http_requests_total{code!~"5.."}[5m]))
    total:
      metricSource:
        type: Prometheus
        spec:
          query: sum(rate(http_requests_total[5m]))
---
apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: fast-burn
spec:
  severity: page
  condition:
    kind: burnrate
    op: gte
    threshold: 14.4
    lookbackWindow: 1h
    alertAfter: 5m
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: default
spec:
  conditions:
    - conditionRef: fast-burn
    - kind: AlertCondition
      metadata: { name: slow-burn }
      spec:
        severity: warning
        condition: { kind: burnrate, op: gte, threshold: 1, lookbackWindow: 3d }
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-availability
  displayName: API availability
  labels:
    journey: checkout
spec:
  service: api
  indicatorRef: api-errors
  timeWindow:
    - duration: 1M
      calendar:
        startTime: "2024-01-01 00:00:00"
        timeZone: America/New_York
  budgetingMethod: Occurrences
  objectives:
    - target: 0.999
  alertPolicies:
    - default
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: pay-latency
spec:
  service: payments
  indicator:
    metadata: { name: pay-p95 }
    spec:
      thresholdMetric:
        metricSource:
          type: Prometheus
          spec:
            query: histogram_quantile(0.95, sum by (le) (rate(pay_seconds_bucket[1m])))
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Timeslices
  objectives:
    - displayName: Fast
      op: lte
      value: 0.3
      targetPercent: 99
      timeSliceTarget: 0.95
      timeSliceWindow: 1m
    - displayName: Acceptable
      op: lte
      value: 1
      target: 0.999
      timeSliceTarget: 0.99
      timeSliceWindow: 5m
`

describe('importOpenSlo', () => {
  it('maps SLOs with referenced SLIs, calendar and rolling windows, timeslices and alert policies', () => {
    const result = importOpenSlo(file, 'openslo.yaml')
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([])
    expect(result.slos.map((s) => s.id)).toEqual([
      'api-availability',
      'pay-latency-fast',
      'pay-latency-acceptable',
    ])
    const [avail, fast, acceptable] = result.slos
    expect(avail).toMatchObject({
      displayName: 'API availability',
      journey: 'checkout',
      service: 'api',
      objective: 0.999,
      window: { type: 'calendar', unit: 'month', timeZone: 'America/New_York' },
      budgeting: { method: 'occurrences' },
      sli: {
        source: 'prometheus',
        goodQuery: 'sum(rate(http_requests_total{code!~"5.."}[5m]))',
        totalQuery: 'sum(rate(http_requests_total[5m]))',
      },
      origin: { format: 'openslo', file: 'openslo.yaml' },
    })
    expect(avail?.alerting).toEqual({
      minEvents: 100,
      page: true,
      ticket: true,
      rules: [
        { severity: 'page', longWindowMs: 3_600_000, shortWindowMs: null, factor: 14.4, forMs: 300_000 },
        { severity: 'ticket', longWindowMs: 3 * DAY, shortWindowMs: null, factor: 1 },
      ],
    })
    expect(fast).toMatchObject({
      objective: 0.99,
      window: { type: 'rolling', durationMs: 28 * DAY },
      sli: { source: 'prometheus', threshold: { op: 'lte', value: 0.3 } },
      budgeting: {
        method: 'timeslices',
        sliceMs: 60_000,
        condition: { measure: 'ratio', op: 'gte', threshold: 0.95 },
      },
      alerting: { page: false, ticket: false },
    })
    expect(acceptable?.budgeting).toMatchObject({ sliceMs: 300_000, condition: { threshold: 0.99 } })
  })

  it('warns at each Prometheus query that Vigil cannot evaluate it natively', () => {
    const warnings = importOpenSlo(file, 'openslo.yaml').issues.filter((i) => i.severity === 'warning')
    expect(warnings.map((w) => w.line)).toEqual(
      expect.arrayContaining([
        lineOf(file, 'query: sum(rate(http_requests_total{code'),
        lineOf(file, 'histogram_quantile'),
      ]),
    )
  })

  it('names the field and line of a metric source it cannot map', () => {
    const text = file.replace(
      'type: Prometheus\n        spec:\n          query: sum(rate(http_requests_total[5m]))',
      'type: Datadog\n        spec:\n          query: sum(rate(http_requests_total[5m]))',
    )
    expect(text).not.toBe(file)
    const result = importOpenSlo(text, 'o.yaml')
    expect(result.ok).toBe(false)
    const issue = result.issues.find((i) => i.severity === 'error')
    expect(issue).toMatchObject({
      path: 'doc1.spec.ratioMetric.total.metricSource.type',
      line: lineOf(text, 'type: Datadog'),
    })
  })

  it.each([
    ['a calendar week', 'duration: 1M', 'duration: 1w', 'timeWindow[0].duration'],
    ['a mid-month calendar start', '"2024-01-01 00:00:00"', '"2024-01-15 00:00:00"', 'calendar.startTime'],
    [
      'a composite objective',
      '    - target: 0.999\n',
      '    - target: 0.999\n      compositeWeight: 2\n',
      'objectives[0].compositeWeight',
    ],
    ['an unknown severity', 'severity: page', 'severity: loud', 'spec.severity'],
    [
      'a non-burn-rate alert',
      'kind: burnrate\n    op: gte',
      'kind: threshold\n    op: gte',
      'condition.kind',
    ],
    ['a missing SLI', 'indicatorRef: api-errors', 'indicatorRef: api-errorz', 'spec.indicatorRef'],
    [
      'another apiVersion',
      'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: api-av',
      'apiVersion: openslo/v2alpha\nkind: SLO\nmetadata:\n  name: api-av',
      'apiVersion',
    ],
  ])('reports %s as an error at its field', (_name, from, to, pathEnd) => {
    const text = file.replace(from, to)
    expect(text).not.toBe(file)
    const result = importOpenSlo(text, 'o.yaml')
    expect(result.ok).toBe(false)
    const issue = result.issues.find((i) => i.severity === 'error' && i.path.endsWith(pathEnd))
    expect(issue).toBeDefined()
    expect(issue?.line).toBeGreaterThan(1)
  })

  it('reads a Vigil metric source as a native SLI', () => {
    const text = `apiVersion: openslo/v1
kind: SLO
metadata: { name: pay-ok, labels: { journey: checkout } }
spec:
  service: payments
  indicator:
    metadata: { name: pay-status }
    spec:
      ratioMetric:
        good: { metricSource: { type: Vigil } }
        total:
          metricSource:
            type: Vigil
            spec: { source: spans, good: status, filter: { route: "POST /pay" } }
  timeWindow: [{ duration: 7d, isRolling: true }]
  budgetingMethod: RatioTimeslices
  objectives:
    - { target: 0.99, timeSliceWindow: 5m }
`
    const result = importOpenSlo(text, 'o.yaml')
    expect(result.issues).toEqual([])
    expect(result.slos[0]).toMatchObject({
      journey: 'checkout',
      sli: {
        source: 'spans',
        good: 'status',
        filter: { journey: 'checkout', service: 'payments', route: 'POST /pay' },
      },
      budgeting: { method: 'ratioTimeslices', sliceMs: 300_000 },
    })
  })
})
