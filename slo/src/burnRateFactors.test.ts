import { describe, expect, it } from 'vitest'
import { alertState } from './alertState.js'
import { burnRateFactor, burnRateFactors } from './burnRateFactors.js'
import type { MinuteBucket } from './counts.js'
import { evaluateAlerts } from './evaluateAlerts.js'
import { neverFiringRules, ruleNeverFires } from './neverFiringRules.js'
import { WorkbookAlertRules } from './workbookAlertRules.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('burnRateFactors', () => {
  it('derives the Workbook factors for 30 days', () => {
    const f = burnRateFactors(30 * DAY).map((r) => r.factor)
    expect(f).toHaveLength(4)
    for (const [i, want] of [14.4, 6, 3, 1].entries()) expect(f[i]).toBeCloseTo(want, 9)
  })

  it('derives them for 28 days', () => {
    const f = burnRateFactors(28 * DAY).map((r) => r.factor)
    expect(f).toHaveLength(4)
    for (const [i, want] of [13.44, 5.6, 2.8, 0.9333].entries()) expect(f[i]).toBeCloseTo(want, 3)
  })

  it('keeps a fixed factor and checks inputs', () => {
    const [rule] = burnRateFactors(DAY, [
      { severity: 'page', longWindowMs: HOUR, shortWindowMs: null, factor: 2 },
    ])
    expect(rule?.factor).toBe(2)
    expect(() => burnRateFactor(0, HOUR, DAY)).toThrow(RangeError)
    expect(() => burnRateFactor(0.02, 0, DAY)).toThrow(RangeError)
    expect(() =>
      burnRateFactors(DAY, [{ severity: 'page', longWindowMs: HOUR, shortWindowMs: null }]),
    ).toThrow(RangeError)
  })

  it('flags rules that cannot fire for a low target', () => {
    const rules = burnRateFactors(30 * DAY)
    // Target 0.5: at most burn 2, so only the 3-day ticket (factor 1) can fire.
    expect(neverFiringRules(0.5, rules).map((r) => r.factor)).toHaveLength(3)
    expect(neverFiringRules(0.95, rules)).toHaveLength(0)
    expect(neverFiringRules(0.9, rules).map((r) => r.longWindowMs)).toEqual([HOUR])
    expect(ruleNeverFires(0.5, 2)).toBe(false)
  })
})

const bucketsFor = (from: number, to: number, perMinute: number, errorRatio: number): MinuteBucket[] => {
  const out: MinuteBucket[] = []
  for (let m = from; m < to; m += 60_000)
    out.push({ minute: m, total: perMinute, good: perMinute * (1 - errorRatio) })
  return out
}

describe('alert states', () => {
  const target = 0.999
  const [page1h] = burnRateFactors(30 * DAY)
  const rule = page1h as NonNullable<typeof page1h>

  it('fires only when both windows burn at the factor', () => {
    const factorRatio = rule.factor * (1 - target)
    const long = { good: 1000 * (1 - factorRatio * 1.001), total: 1000 }
    const justBelow = { good: 1000 * (1 - factorRatio * 0.999), total: 1000 }
    expect(alertState({ target, rule, long, short: long, minEvents: 0 }).status).toBe('firing')
    expect(alertState({ target, rule, long: justBelow, short: long, minEvents: 0 }).status).toBe('ok')
    // The short window has recovered: the page resets.
    expect(alertState({ target, rule, long, short: { good: 100, total: 100 }, minEvents: 0 }).status).toBe(
      'ok',
    )
    expect(
      alertState({ target, rule, long: { good: 1000, total: 1000 }, short: long, minEvents: 0 }).status,
    ).toBe('ok')
  })

  it('holds a rule silent below the minimum event count', () => {
    const allBad = { good: 0, total: 5 }
    expect(alertState({ target, rule, long: allBad, short: allBad, minEvents: 10 }).status).toBe(
      'insufficientData',
    )
    expect(alertState({ target, rule, long: allBad, short: allBad, minEvents: 5 }).status).toBe('firing')
    expect(
      alertState({ target, rule, long: { good: 0, total: 0 }, short: { good: 0, total: 0 }, minEvents: 0 })
        .status,
    ).toBe('insufficientData')
    expect(() => alertState({ target, rule, long: allBad, short: null, minEvents: 0 })).toThrow(RangeError)
  })

  it('fires with every event bad when the factor equals the highest possible burn rate', () => {
    const edge = { ...rule, factor: 2 }
    const allBad = { good: 0, total: 10 }
    const s = alertState({ target: 0.5, rule: edge, long: allBad, short: allBad, minEvents: 0 })
    expect(s.status).toBe('firing')
    expect(s.neverFires).toBe(false)
    expect(
      alertState({ target: 0.5, rule: { ...rule, factor: 2.01 }, long: allBad, short: allBad, minEvents: 0 })
        .neverFires,
    ).toBe(true)
  })

  it('evaluates page and ticket severities from minute buckets', () => {
    const at = 10 * DAY
    const rules = burnRateFactors(30 * DAY)
    // Quiet for days, then 2 h with 2 % errors (burn 20 at 99.9 %).
    const buckets = [
      ...bucketsFor(at - 5 * DAY, at - 2 * HOUR, 100, 0),
      ...bucketsFor(at - 2 * HOUR, at, 100, 0.02),
    ]
    const e = evaluateAlerts({ target, rules, buckets, at, minEvents: 100 })
    expect(e.page).toBe('firing')
    const firing = e.rules.filter((r) => r.status === 'firing').map((r) => r.rule.longWindowMs)
    expect(firing).toContain(HOUR)
    // 2 h of burn 20 in 1 day is a day-average burn of ~1.67: below the 1-day ticket factor of 3.
    expect(e.rules.find((r) => r.rule.longWindowMs === DAY)?.status).toBe('ok')
    expect(evaluateAlerts({ target, rules, buckets, at, minEvents: 100, severities: ['ticket'] }).page).toBe(
      'ok',
    )
    expect(evaluateAlerts({ target, rules, buckets: [], at, minEvents: 100 }).page).toBe('insufficientData')
    expect(WorkbookAlertRules).toHaveLength(4)
  })
})
