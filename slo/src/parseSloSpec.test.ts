import { describe, expect, it } from 'vitest'
import { parseSloSpec } from './parseSloSpec.js'
import { formatSpecIssue } from './specIssue.js'
import { VitalThresholds } from './vitalThresholds.js'
import { WorkbookAlertRules } from './workbookAlertRules.js'

const DAY = 86_400_000

/** 1-based line of the first line containing `needle`. */
const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1

const example = `slos:
  - id: checkout-steps
    journey: checkout
    displayName: Checkout steps complete
    sli:
      source: rum
      event: journeyStep
      step: payment
    objective: 99.5%
    window:
      calendar: month
      timeZone: Europe/Berlin
    alerting:
      minEvents: 50
      ticket: false
    labels:
      team: shop
  - id: checkout-lcp
    journey: checkout
    sli: { source: rum, event: vital, vital: LCP }
    objective: 0.9
    window: 28d
  - id: pay-api-latency
    service: payments
    sli:
      source: spans
      good: latency
      thresholdMs: 300ms
      filter: { route: "POST /api/pay" }
    objective: 0.99
    window: { rolling: 7d }
    budgeting: { method: timeslices, slice: 5m, good: "p95 <= 300" }
  - id: checkout
    journey: checkout
    composite:
      method: sli
      parts:
        - { slo: checkout-steps, weight: 3 }
        - { slo: checkout-lcp }
    objective: 99%
`

describe('parseSloSpec', () => {
  it('reads a complete spec into plain data', () => {
    const result = parseSloSpec(example, 'slos.yaml')
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([])
    expect(result.ok).toBe(true)
    const [steps, lcp, latency, composite] = result.slos
    expect(steps).toMatchObject({
      id: 'checkout-steps',
      journey: 'checkout',
      sli: { source: 'rum', event: 'journeyStep', step: 'payment' },
      objective: 0.995,
      window: { type: 'calendar', unit: 'month', timeZone: 'Europe/Berlin' },
      budgeting: { method: 'occurrences' },
      alerting: { minEvents: 50, page: true, ticket: false, rules: WorkbookAlertRules },
      labels: { team: 'shop' },
      origin: { format: 'vigil', file: 'slos.yaml', line: lineOf(example, 'id: checkout-steps') },
    })
    expect(lcp?.sli).toEqual({
      source: 'rum',
      event: 'vital',
      vital: 'LCP',
      threshold: VitalThresholds.LCP[0],
    })
    expect(lcp?.window).toEqual({ type: 'rolling', durationMs: 28 * DAY })
    expect(latency?.sli).toEqual({
      source: 'spans',
      good: 'latency',
      thresholdMs: 300,
      filter: { service: 'payments', route: 'POST /api/pay' },
    })
    expect(latency?.budgeting).toEqual({
      method: 'timeslices',
      sliceMs: 5 * 60_000,
      condition: { measure: 'percentile', percentile: 95, op: 'lte', threshold: 300 },
      emptySlices: 'skip',
    })
    expect(composite?.sli).toEqual({
      source: 'composite',
      method: 'sli',
      parts: [
        { slo: 'checkout-steps', weight: 3 },
        { slo: 'checkout-lcp', weight: 1 },
      ],
    })
    expect(composite?.window).toEqual({ type: 'rolling', durationMs: 30 * DAY })
    expect(JSON.parse(JSON.stringify(result.slos))).toEqual(result.slos)
  })

  it('names file, line, column, field and fix for a percentage written as a number', () => {
    const text = example.replace('objective: 0.9\n', 'objective: 99.9\n')
    const result = parseSloSpec(text, 'slos.yaml')
    expect(result.ok).toBe(false)
    const issue = result.issues.find((i) => i.path === 'slos[1].objective')
    expect(issue).toMatchObject({ severity: 'error', line: lineOf(text, 'objective: 99.9'), col: 16 })
    expect(issue?.fix).toBe('write 0.999 or "99.9%"')
    expect(formatSpecIssue(issue as NonNullable<typeof issue>)).toMatch(
      new RegExp(`^slos\\.yaml:${lineOf(text, 'objective: 99.9')}:16: error: .* — fix: `),
    )
  })

  it('suggests the right name for a misspelt field', () => {
    const text = example.replace('    window: 28d\n', '    windwo: 28d\n')
    const issue = parseSloSpec(text, 'f.yaml').issues.find((i) => i.path === 'slos[1].windwo')
    expect(issue).toMatchObject({ severity: 'error', line: lineOf(text, 'windwo') })
    expect(issue?.fix).toContain('"window"')
  })

  it.each([
    [
      'an unknown time zone',
      '      timeZone: Europe/Berlin',
      '      timeZone: Europe/Berln',
      'slos[0].window.timeZone',
    ],
    ['a bad duration', '    window: 28d', '    window: 28 days', 'slos[1].window'],
    ['a bad slice condition', '"p95 <= 300"', '"p95 under 300"', 'slos[2].budgeting.good'],
    ['a missing latency threshold', '      thresholdMs: 300ms\n', '', 'slos[2].sli.thresholdMs'],
    ['an unknown vital', 'vital: LCP', 'vital: LCD', 'slos[1].sli.vital'],
    [
      'an unknown budgeting method',
      '{ method: timeslices,',
      '{ method: timeslots,',
      'slos[2].budgeting.method',
    ],
  ])('reports %s at its field', (_name, from, to, path) => {
    const text = example.replace(from, to)
    expect(text).not.toBe(example)
    const result = parseSloSpec(text, 'f.yaml')
    expect(result.ok).toBe(false)
    const issue = result.issues.find((i) => i.path === path)
    expect(issue?.severity).toBe('error')
    expect(issue?.line).toBeGreaterThan(1)
  })

  it('checks composite parts and journeys across the set', () => {
    const text = example
      .replace('- { slo: checkout-lcp }', '- { slo: checkout-lpc }')
      .replace('    journey: checkout\n    displayName', '    displayName')
    const messages = parseSloSpec(text, 'f.yaml').issues.map((i) => i.message)
    expect(messages.some((m) => m.includes('"checkout-lpc" is not an SLO'))).toBe(true)
    expect(messages.some((m) => m.includes('journeyStep SLI needs the SLO to name its journey'))).toBe(true)
  })

  it('needs method sli to combine parts that count slices', () => {
    const text = example
      .replace('- { slo: checkout-lcp }', '- { slo: pay-api-latency }')
      .replace('method: sli', 'method: events')
    expect(parseSloSpec(text, 'f.yaml').issues.some((i) => i.path === 'checkout.composite.method')).toBe(true)
  })

  it('warns when an alert rule can never fire for the objective', () => {
    const text = example.replace('objective: 0.9\n', 'objective: 0.5\n')
    const result = parseSloSpec(text, 'f.yaml')
    expect(result.ok).toBe(true)
    const warnings = result.issues.filter(
      (i) => i.severity === 'warning' && i.path === 'checkout-lcp.alerting',
    )
    // 28 days at 0.5: page factors 13.44 and 5.6 and the 1-day ticket factor 2.8 exceed the maximum burn of 2.
    expect(warnings).toHaveLength(3)
    expect(warnings[0]?.line).toBe(lineOf(text, 'id: checkout-lcp'))
  })

  it('reports YAML syntax errors with their position', () => {
    const result = parseSloSpec('slos:\n  - id: [unclosed\n', 'bad.yaml')
    expect(result.ok).toBe(false)
    expect(result.issues[0]?.message).toMatch(/^YAML:/)
    expect(result.issues[0]?.line).toBeGreaterThanOrEqual(2)
  })

  it('rejects unknown top-level keys unless embedded in a larger config', () => {
    const text = `apps: []\n${example}`
    expect(parseSloSpec(text, 'vigil.yaml').ok).toBe(false)
    const embedded = parseSloSpec(text, 'vigil.yaml', { embedded: true })
    expect(embedded.ok).toBe(true)
    expect(embedded.slos).toHaveLength(4)
  })

  it('reads custom alert rules and refuses duplicate ids', () => {
    const text = `slos:
  - id: a
    service: api
    sli: { source: spans, good: status }
    objective: 0.999
    alerting:
      rules:
        - { severity: page, budget: 2%, long: 1h, short: 5m }
        - { severity: ticket, factor: 2, long: 12h, for: 10m }
  - id: a
    service: api
    sli: { source: spans, good: status }
    objective: 0.999
`
    const result = parseSloSpec(text, 'f.yaml')
    expect(result.slos[0]?.alerting.rules).toEqual([
      { severity: 'page', budgetFraction: 0.02, longWindowMs: 3_600_000, shortWindowMs: 300_000 },
      { severity: 'ticket', factor: 2, longWindowMs: 12 * 3_600_000, shortWindowMs: null, forMs: 600_000 },
    ])
    expect(result.issues.find((i) => i.severity === 'error')?.message).toContain('duplicate id')
  })
})
