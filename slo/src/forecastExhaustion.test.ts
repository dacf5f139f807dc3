import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MinuteBucket } from './counts.js'
import { errorBudget } from './errorBudget.js'
import { forecastExhaustion } from './forecastExhaustion.js'
import { sumBuckets } from './sumBuckets.js'
import { type WindowSpec, windowBounds } from './windows.js'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

const steady = (from: number, to: number, perMinute: number, errorRatio: number): MinuteBucket[] => {
  const out: MinuteBucket[] = []
  for (let m = from; m < to; m += MIN)
    out.push({ minute: m, total: perMinute, good: perMinute * (1 - errorRatio) })
  return out
}

/** Budget consumed at instant t once the recent traffic is continued minute by minute until t. */
const consumedAt = (
  window: WindowSpec,
  target: number,
  history: MinuteBucket[],
  at: number,
  t: number,
  perMinute: number,
  errorRatio: number,
): number => {
  const future = steady(at, t, perMinute, errorRatio)
  const all = [...history, ...future]
  const b = windowBounds(window, t)
  return errorBudget(target, sumBuckets(all, b.start, t), b.periodMs).consumed
}

describe('forecastExhaustion', () => {
  const rolling: WindowSpec = { type: 'rolling', durationMs: 7 * DAY }
  const monthly: WindowSpec = { type: 'calendar', unit: 'month', timeZone: 'UTC' }
  const at = Date.UTC(2026, 4, 10)

  it('says exhausted when the budget is already spent', () => {
    const history = steady(at - DAY, at, 10, 0.05)
    const f = forecastExhaustion({ target: 0.99, window: rolling, buckets: history, at })
    expect(f).toMatchObject({ status: 'exhausted', exhaustsAt: at })
  })

  it('says never without traffic, and never while burning below 1 in a calendar month', () => {
    expect(forecastExhaustion({ target: 0.99, window: monthly, buckets: [], at }).status).toBe('never')
    const history = steady(Date.UTC(2026, 4, 1), at, 10, 0.005)
    expect(forecastExhaustion({ target: 0.99, window: monthly, buckets: history, at }).status).toBe('never')
  })

  it('matches a minute-by-minute replay of the current burn in a calendar month', () => {
    const start = Date.UTC(2026, 4, 1)
    // Nine calm days, then an hour at 3 % errors (burn 3 at 99 %).
    const history = [...steady(start, at - HOUR, 10, 0.001), ...steady(at - HOUR, at, 10, 0.03)]
    const f = forecastExhaustion({ target: 0.99, window: monthly, buckets: history, at })
    expect(f.status).toBe('forecast')
    expect(f.currentBurnRate).toBeCloseTo(3, 9)
    const t = f.exhaustsAt as number
    expect(t).toBeLessThan(windowBounds(monthly, at).periodEnd)
    expect(consumedAt(monthly, 0.99, history, at, t + 2 * MIN, 10, 0.03)).toBeGreaterThanOrEqual(1)
    expect(consumedAt(monthly, 0.99, history, at, t - 2 * MIN, 10, 0.03)).toBeLessThan(1)
  })

  it('says never when exhaustion would fall after the calendar period ends', () => {
    const start = Date.UTC(2026, 4, 1)
    const late = Date.UTC(2026, 4, 31, 20)
    const history = [...steady(start, late - HOUR, 10, 0), ...steady(late - HOUR, late, 10, 0.015)]
    expect(forecastExhaustion({ target: 0.99, window: monthly, buckets: history, at: late }).status).toBe(
      'never',
    )
  })

  it('accounts for old errors sliding out of a rolling window', () => {
    // An old burst of errors has spent most of the budget (about 86 %). New errors at burn 0.5
    // never spend the rest, because the burst ages out; a fixed-budget estimate
    // (remaining × period / burn) would have predicted exhaustion within two days.
    const history = [...steady(at - 7 * DAY, at - 6 * DAY, 10, 0.03), ...steady(at - 6 * DAY, at, 10, 0.005)]
    const consumed = errorBudget(0.99, sumBuckets(history, at - 7 * DAY, at), 7 * DAY).consumed
    expect(consumed).toBeGreaterThan(0.8)
    expect(consumed).toBeLessThan(1)
    const f = forecastExhaustion({ target: 0.99, window: rolling, buckets: history, at })
    expect(f.status).toBe('never')
    expect(f.currentBurnRate).toBeCloseTo(0.5, 9)
  })

  it('sees a rolling budget run out at a low burn when busy good hours age out', () => {
    const window: WindowSpec = { type: 'rolling', durationMs: 2 * DAY }
    const history = [
      ...steady(at - 2 * DAY, at - DAY, 100, 0),
      ...steady(at - DAY, at - 2 * HOUR, 10, 0.005),
      ...steady(at - 2 * HOUR, at - HOUR, 10, 0.3),
      ...steady(at - HOUR, at, 10, 0.005),
    ]
    const f = forecastExhaustion({ target: 0.99, window, buckets: history, at })
    expect(f.currentBurnRate).toBeCloseTo(0.5, 9)
    expect(f.status).toBe('forecast')
    const t = f.exhaustsAt as number
    expect(t).toBeLessThanOrEqual(at + DAY)
    expect(consumedAt(window, 0.99, history, at, t + 2 * MIN, 10, 0.005)).toBeGreaterThanOrEqual(1)
    expect(consumedAt(window, 0.99, history, at, t - 2 * MIN, 10, 0.005)).toBeLessThan(1)
  })

  it('matches a minute-by-minute replay in a rolling window (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.5, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 0.009, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        (burn, oldRatio, perMinute) => {
          const target = 0.99
          const window: WindowSpec = { type: 'rolling', durationMs: 2 * DAY }
          const errorRatio = burn * (1 - target)
          const history = [
            ...steady(at - 2 * DAY, at - HOUR, perMinute, oldRatio),
            ...steady(at - HOUR, at, perMinute, errorRatio),
          ]
          const f = forecastExhaustion({ target, window, buckets: history, at })
          if (f.status === 'exhausted') return
          expect(f.status).toBe('forecast')
          const t = f.exhaustsAt as number
          expect(
            consumedAt(window, target, history, at, t + 2 * MIN, perMinute, errorRatio),
          ).toBeGreaterThanOrEqual(1)
          expect(
            consumedAt(window, target, history, at, Math.max(at, t - 2 * MIN), perMinute, errorRatio),
          ).toBeLessThan(1)
        },
      ),
      { numRuns: 25 },
    )
  })
})
