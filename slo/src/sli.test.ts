import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { burnRate } from './burnRate.js'
import type { MinuteBucket } from './counts.js'
import { errorBudget } from './errorBudget.js'
import { sli } from './sli.js'
import { sumBuckets } from './sumBuckets.js'

const DAY = 86_400_000
const counts = fc
  .tuple(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([total, share]) => ({ total, good: Math.min(total, total * share) }))
const target = fc.double({ min: 0.001, max: 0.99999, noNaN: true })

describe('sli', () => {
  it('is null without traffic, 0 when all bad, good/total otherwise', () => {
    expect(sli({ good: 0, total: 0 })).toBeNull()
    expect(sli({ good: 0, total: 7 })).toBe(0)
    expect(sli({ good: 3, total: 4 })).toBe(0.75)
  })

  it('rejects impossible counts', () => {
    expect(() => sli({ good: 2, total: 1 })).toThrow(RangeError)
    expect(() => sli({ good: -1, total: 1 })).toThrow(RangeError)
    expect(() => sli({ good: Number.NaN, total: 1 })).toThrow(RangeError)
  })

  it('sums counts instead of averaging per-bucket ratios', () => {
    // A quiet minute that failed and a busy minute that went well.
    const buckets: MinuteBucket[] = [
      { minute: 0, good: 0, total: 1 },
      { minute: 60_000, good: 999, total: 999 },
    ]
    const summed = sumBuckets(buckets, 0, 120_000)
    const meanOfRatios = buckets.reduce((s, b) => s + b.good / b.total, 0) / buckets.length
    expect(sli(summed)).toBe(999 / 1000)
    expect(sli(summed)).not.toBeCloseTo(meanOfRatios, 2)
  })

  it('weights sampled events by 1/sampleRate', () => {
    // 10 % sampling: each kept event stands for 10; 1 % sampling: 100.
    const events = [
      { good: true, sampleRate: 0.1 },
      { good: false, sampleRate: 0.01 },
      { good: true, sampleRate: 1 },
    ]
    const weighted = events.reduce(
      (c, e) => ({ good: c.good + (e.good ? 1 / e.sampleRate : 0), total: c.total + 1 / e.sampleRate }),
      { good: 0, total: 0 },
    )
    expect(sli(weighted)).toBeCloseTo(11 / 111, 12)
  })
})

describe('sumBuckets', () => {
  const buckets: MinuteBucket[] = [
    { minute: 0, good: 1, total: 2 },
    { minute: 60_000, good: 3, total: 3 },
    { minute: 120_000, good: 0, total: 5 },
  ]

  it('uses the half-open window [start, end)', () => {
    expect(sumBuckets(buckets, 0, 120_000)).toEqual({ good: 4, total: 5 })
    expect(sumBuckets(buckets, 60_000, 180_000)).toEqual({ good: 3, total: 8 })
    expect(sumBuckets([], 0, 1)).toEqual({ good: 0, total: 0 })
  })

  it('changes a past evaluation exactly when a late bucket lands', () => {
    const at = 180_000
    const before = sumBuckets(buckets, 0, at)
    const late = { minute: 30_000, good: 0.5, total: 10 }
    const after = sumBuckets([...buckets, late], 0, at)
    expect(after).toEqual({ good: before.good + late.good, total: before.total + late.total })
    // A late bucket outside the window changes nothing.
    expect(sumBuckets([...buckets, { ...late, minute: at }], 0, at)).toEqual(before)
  })

  it('does not depend on bucket order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            minute: fc.integer({ min: 0, max: 100 }),
            good: fc.integer({ min: 0, max: 50 }),
            total: fc.integer({ min: 50, max: 100 }),
          }),
        ),
        fc.integer({ min: 0, max: 100 }),
        (bs, end) => {
          const reversed = [...bs].reverse()
          expect(sumBuckets(reversed, 0, end)).toEqual(sumBuckets(bs, 0, end))
        },
      ),
    )
  })
})

describe('burnRate', () => {
  it('is 0 without traffic and 1/(1 − target) when everything fails', () => {
    expect(burnRate(0.99, { good: 0, total: 0 })).toBe(0)
    expect(burnRate(0.99, { good: 0, total: 10 })).toBeCloseTo(100, 9)
    expect(burnRate(0.5, { good: 0, total: 10 })).toBe(2)
  })

  it('rejects targets outside (0,1)', () => {
    for (const t of [0, 1, -0.5, 1.5, Number.NaN])
      expect(() => burnRate(t, { good: 1, total: 1 })).toThrow(RangeError)
  })

  it('of a constant error ratio equals that ratio over the budget, whatever the traffic (property)', () => {
    fc.assert(
      fc.property(
        target,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (t, errorRatio, volumes) => {
          const buckets = volumes.map((total, i) => ({
            minute: i * 60_000,
            total,
            good: total * (1 - errorRatio),
          }))
          const rate = burnRate(t, sumBuckets(buckets, 0, volumes.length * 60_000))
          expect(rate).toBeCloseTo(errorRatio / (1 - t), 6)
        },
      ),
    )
  })
})

describe('errorBudget', () => {
  it('counts events and time for a 99.9 % month', () => {
    const b = errorBudget(0.999, { good: 99_950, total: 100_000 }, 30 * DAY)
    expect(b.allowedBad).toBeCloseTo(100, 9)
    expect(b.bad).toBe(50)
    expect(b.remainingEvents).toBeCloseTo(50, 9)
    expect(b.consumed).toBeCloseTo(0.5, 9)
    expect(b.budgetMs).toBeCloseTo(0.001 * 30 * DAY, 3)
    expect(b.consumedMs).toBeCloseTo(b.budgetMs / 2, 3)
    expect(b.remainingMs).toBeCloseTo(b.budgetMs / 2, 3)
  })

  it('has the whole budget left with no traffic', () => {
    const b = errorBudget(0.99, { good: 0, total: 0 }, DAY)
    expect(b.consumed).toBe(0)
    expect(b.remaining).toBe(1)
    expect(b.remainingMs).toBe(b.budgetMs)
  })

  it('is overspent 1/(1 − target) times when all is bad; target 0.5 doubles it', () => {
    expect(errorBudget(0.5, { good: 0, total: 10 }, DAY).consumed).toBe(2)
    const b = errorBudget(0.9, { good: 0, total: 10 }, DAY)
    expect(b.consumed).toBeCloseTo(10, 9)
    expect(b.remainingEvents).toBeLessThan(0)
    expect(b.remainingMs).toBeLessThan(0)
  })

  it('never reports a negative consumption, and consumed + remaining = 1 (property)', () => {
    fc.assert(
      fc.property(target, counts, (t, c) => {
        const b = errorBudget(t, c, 30 * DAY)
        expect(b.consumed).toBeGreaterThanOrEqual(0)
        expect(b.consumedMs).toBeGreaterThanOrEqual(0)
        expect(b.consumed + b.remaining).toBeCloseTo(1, 9)
      }),
    )
  })

  it('rejects a non-positive period', () => {
    expect(() => errorBudget(0.9, { good: 1, total: 1 }, 0)).toThrow(RangeError)
  })
})
