import { describe, expect, it } from 'vitest'
import { burnRate } from './burnRate.js'
import type { MinuteBucket } from './counts.js'
import { DefaultAlerting } from './defaultAlerting.js'
import { errorBudget } from './errorBudget.js'
import { evaluateSlo } from './evaluateSlo.js'
import type { SloSpec } from './spec.js'
import { sumBuckets } from './sumBuckets.js'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

const steady = (from: number, to: number, perMinute: number, errorRatio: number): MinuteBucket[] => {
  const out: MinuteBucket[] = []
  for (let m = from; m < to; m += MIN)
    out.push({ minute: m, total: perMinute, good: perMinute * (1 - errorRatio) })
  return out
}

const base: SloSpec = {
  id: 'checkout-steps',
  journey: 'checkout',
  sli: { source: 'rum', event: 'journeyStep' },
  objective: 0.99,
  window: { type: 'rolling', durationMs: 7 * DAY },
  budgeting: { method: 'occurrences' },
  alerting: { ...DefaultAlerting, rules: [...DefaultAlerting.rules] },
  labels: {},
  origin: { format: 'vigil', file: 'test', line: 1 },
}

describe('evaluateSlo', () => {
  const at = Date.UTC(2026, 2, 30, 12)

  it('computes SLI, budget, alerts and forecast from minute buckets', () => {
    const buckets = [...steady(at - 7 * DAY, at - HOUR, 20, 0.001), ...steady(at - HOUR, at, 20, 0.3)]
    const s = evaluateSlo(base, { buckets }, at)
    const window = sumBuckets(buckets, at - 7 * DAY, at)
    expect(s.unit).toBe('events')
    expect(s.counts).toEqual(window)
    expect(s.sli).toBe(window.good / window.total)
    expect(s.budget).toEqual(errorBudget(0.99, window, 7 * DAY))
    expect(s.alerts.page).toBe('firing')
    expect(s.alerts.rules[0]?.longBurnRate).toBeCloseTo(
      burnRate(0.99, sumBuckets(buckets, at - HOUR, at)),
      12,
    )
    expect(s.forecast?.status).toBe('forecast')
    expect(s.forecast?.exhaustsAt).toBeGreaterThan(at)
  })

  it('uses the calendar month in the SLO time zone, DST included', () => {
    const slo: SloSpec = { ...base, window: { type: 'calendar', unit: 'month', timeZone: 'Europe/Berlin' } }
    const buckets = steady(Date.UTC(2026, 1, 27), at, 1, 0)
    const s = evaluateSlo(slo, { buckets }, at)
    expect(s.window.periodMs).toBe(31 * DAY - HOUR)
    expect(s.counts.total).toBe((at - (Date.UTC(2026, 2, 1) - HOUR)) / MIN)
  })

  it('gives the corrected past exactly when a late bucket lands', () => {
    const buckets = steady(at - DAY, at, 10, 0)
    const past = at - 2 * HOUR
    const before = evaluateSlo(base, { buckets }, past)
    const late = { minute: past - 30 * MIN, good: 0, total: 50 }
    const after = evaluateSlo(base, { buckets: [...buckets, late] }, past)
    expect(after.counts).toEqual({ good: before.counts.good, total: before.counts.total + 50 })
    expect(after.budget.bad).toBe(before.budget.bad + 50)
    // A bucket after the evaluated instant does not change it.
    expect(evaluateSlo(base, { buckets: [...buckets, { ...late, minute: past }] }, past)).toEqual(before)
  })

  it('holds alerts silent with no traffic and reports a full budget', () => {
    const s = evaluateSlo(base, { buckets: [] }, at)
    expect(s.sli).toBeNull()
    expect(s.budget.remaining).toBe(1)
    expect(s.alerts.page).toBe('insufficientData')
    expect(s.forecast?.status).toBe('never')
  })

  it('counts good slices for timeslices budgeting and guards alerts on events', () => {
    const slo: SloSpec = {
      ...base,
      window: { type: 'rolling', durationMs: DAY },
      budgeting: {
        method: 'timeslices',
        sliceMs: 5 * MIN,
        condition: { measure: 'ratio', op: 'gte', threshold: 0.95 },
        emptySlices: 'skip',
      },
    }
    // 23 good hours, then one hour in which every slice is bad; the last 10 minutes are quiet.
    const buckets = [...steady(at - DAY, at - HOUR, 10, 0), ...steady(at - HOUR, at - 10 * MIN, 10, 0.5)]
    const s = evaluateSlo(slo, { buckets }, at)
    expect(s.unit).toBe('slices')
    expect(s.counts).toEqual({ good: 23 * 12, total: 24 * 12 - 2 })
    expect(s.alerts.rules[0]?.longEvents).toBe(50 * 10)
  })

  it('averages slice ratios for ratioTimeslices', () => {
    const slo: SloSpec = {
      ...base,
      window: { type: 'rolling', durationMs: HOUR },
      budgeting: { method: 'ratioTimeslices', sliceMs: 30 * MIN },
    }
    const buckets = [...steady(at - HOUR, at - 30 * MIN, 1, 0), ...steady(at - 30 * MIN, at, 100, 0.5)]
    const s = evaluateSlo(slo, { buckets }, at)
    expect(s.sli).toBe((1 + 0.5) / 2)
  })

  it('judges precomputed slice values for percentile slices', () => {
    const slo: SloSpec = {
      ...base,
      sli: { source: 'spans', good: 'latency', thresholdMs: 300, filter: {} },
      window: { type: 'rolling', durationMs: HOUR },
      budgeting: {
        method: 'timeslices',
        sliceMs: 30 * MIN,
        condition: { measure: 'percentile', percentile: 95, op: 'lte', threshold: 300 },
        emptySlices: 'skip',
      },
    }
    const sliceValues = [
      { start: at - HOUR, value: 250 },
      { start: at - 30 * MIN, value: 420 },
    ]
    const s = evaluateSlo(slo, { sliceValues }, at)
    expect(s.counts).toEqual({ good: 1, total: 2 })
    expect(s.forecast).toBeNull()
  })

  it('combines composite parts by events or by SLI', () => {
    const cart = steady(at - DAY, at, 100, 0.01)
    const pay = steady(at - DAY, at, 1, 0.2)
    const parts = { cart, pay }
    const slo: SloSpec = {
      ...base,
      window: { type: 'rolling', durationMs: DAY },
      sli: {
        source: 'composite',
        method: 'events',
        parts: [
          { slo: 'cart', weight: 1 },
          { slo: 'pay', weight: 2 },
        ],
      },
    }
    const byEvents = evaluateSlo(slo, { parts }, at)
    const c = sumBuckets(cart, at - DAY, at)
    const p = sumBuckets(pay, at - DAY, at)
    expect(byEvents.sli).toBeCloseTo((c.good + 2 * p.good) / (c.total + 2 * p.total), 12)
    const bySli = evaluateSlo({ ...slo, sli: { ...slo.sli, method: 'sli' } as SloSpec['sli'] }, { parts }, at)
    expect(bySli.unit).toBe('weight')
    expect(bySli.sli).toBeCloseTo((0.99 + 2 * 0.8) / 3, 12)
    expect(bySli.alerts.rules[0]?.longEvents).toBe(
      sumBuckets(cart, at - HOUR, at).total + sumBuckets(pay, at - HOUR, at).total,
    )
    expect(bySli.forecast).toBeNull()
  })
})
