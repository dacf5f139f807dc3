import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { zonedParts, zonedTimeToUtc, zoneOffsetMs } from './timeZone.js'
import { windowBounds } from './windows.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

const month = (timeZone: string) => ({ type: 'calendar', unit: 'month', timeZone }) as const
const quarter = (timeZone: string) => ({ type: 'calendar', unit: 'quarter', timeZone }) as const

describe('windowBounds', () => {
  it('ends a rolling window at the evaluation instant', () => {
    const at = Date.UTC(2026, 0, 15, 12)
    expect(windowBounds({ type: 'rolling', durationMs: 28 * DAY }, at)).toEqual({
      start: at - 28 * DAY,
      end: at,
      periodEnd: at,
      periodMs: 28 * DAY,
    })
  })

  it.each([
    ['February 2026 (28 days)', 2026, 1, 28],
    ['February 2024 (29 days)', 2024, 1, 29],
    ['April 2026 (30 days)', 2026, 3, 30],
    ['January 2026 (31 days)', 2026, 0, 31],
  ])('covers %s in UTC', (_name, year, monthIndex, days) => {
    const b = windowBounds(month('UTC'), Date.UTC(year, monthIndex, 10, 5))
    expect(b.start).toBe(Date.UTC(year, monthIndex, 1))
    expect(b.periodEnd).toBe(Date.UTC(year, monthIndex + 1, 1))
    expect(b.periodMs).toBe(days * DAY)
  })

  it('makes March in Berlin one hour short (spring forward on the 29th)', () => {
    const b = windowBounds(month('Europe/Berlin'), Date.UTC(2026, 2, 30, 12))
    // CET (+1) on 1 March, CEST (+2) on 1 April.
    expect(b.start).toBe(Date.UTC(2026, 2, 1) - HOUR)
    expect(b.periodEnd).toBe(Date.UTC(2026, 3, 1) - 2 * HOUR)
    expect(b.periodMs).toBe(31 * DAY - HOUR)
  })

  it('makes October in Berlin one hour long (fall back on the 25th)', () => {
    const b = windowBounds(month('Europe/Berlin'), Date.UTC(2026, 9, 25, 1, 30))
    expect(b.periodMs).toBe(31 * DAY + HOUR)
    expect(zonedParts(b.start, 'Europe/Berlin')).toMatchObject({ month: 10, day: 1, hour: 0, minute: 0 })
  })

  it('follows New York across its November change', () => {
    const b = windowBounds(month('America/New_York'), Date.UTC(2026, 10, 2, 7))
    expect(b.start).toBe(Date.UTC(2026, 10, 1, 4)) // EDT, -4
    expect(b.periodEnd).toBe(Date.UTC(2026, 11, 1, 5)) // EST, -5
    expect(b.periodMs).toBe(30 * DAY + HOUR)
  })

  it('puts an instant exactly at a local month start into the new month', () => {
    const start = Date.UTC(2026, 5, 1) - 2 * HOUR // 1 June 00:00 in Berlin (CEST)
    expect(windowBounds(month('Europe/Berlin'), start).start).toBe(start)
    expect(windowBounds(month('Europe/Berlin'), start - 1).periodEnd).toBe(start)
  })

  it('handles a half-hour zone offset', () => {
    const b = windowBounds(month('Asia/Kolkata'), Date.UTC(2026, 6, 10))
    expect(b.start).toBe(Date.UTC(2026, 6, 1) - 5.5 * HOUR)
  })

  it.each([
    [1, 90],
    [4, 91],
    [7, 92],
    [10, 92],
  ])('gives quarter starting in month %i its %i days', (firstMonth, days) => {
    const b = windowBounds(quarter('UTC'), Date.UTC(2026, firstMonth - 1 + 2, 20))
    expect(b.start).toBe(Date.UTC(2026, firstMonth - 1, 1))
    expect(b.periodMs).toBe(days * DAY)
  })

  it('rolls the last quarter over into the next year', () => {
    const b = windowBounds(quarter('America/New_York'), Date.UTC(2026, 11, 31, 12))
    expect(zonedParts(b.periodEnd, 'America/New_York')).toMatchObject({
      year: 2027,
      month: 1,
      day: 1,
      hour: 0,
    })
  })

  it('rejects a rolling window without length', () => {
    expect(() => windowBounds({ type: 'rolling', durationMs: 0 }, 0)).toThrow(RangeError)
  })

  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'America/Santiago',
  ]
  it('always contains `at`, starts at local midnight on the 1st, and spans 28–31 days (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...zones),
        fc.constantFrom('month' as const, 'quarter' as const),
        (at, timeZone, unit) => {
          const b = windowBounds({ type: 'calendar', unit, timeZone }, at)
          expect(b.start).toBeLessThanOrEqual(at)
          expect(at).toBeLessThan(b.periodEnd)
          const first = zonedParts(b.start, timeZone)
          expect(first.day).toBe(1)
          expect(zonedParts(b.start - 1, timeZone).day).not.toBe(1)
          const days = b.periodMs / DAY
          if (unit === 'month') {
            expect(days).toBeGreaterThanOrEqual(28 - 0.1)
            expect(days).toBeLessThanOrEqual(31 + 0.1)
          } else {
            expect(days).toBeGreaterThanOrEqual(90 - 0.1)
            expect(days).toBeLessThanOrEqual(92 + 0.1)
            expect((first.month - 1) % 3).toBe(0)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('zonedTimeToUtc', () => {
  it('round-trips wall-clock readings outside DST changes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Tokyo'),
        (t, timeZone) => {
          const wholeSecond = t - (t % 1000)
          const p = zonedParts(wholeSecond, timeZone)
          const back = zonedTimeToUtc(p, timeZone)
          // In a repeated hour the earlier instant is chosen, which reads the same wall clock.
          expect(zonedParts(back, timeZone)).toEqual(p)
          expect(back).toBeLessThanOrEqual(wholeSecond)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('takes the earlier instant for a repeated hour', () => {
    const t = zonedTimeToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin')
    expect(zoneOffsetMs(t, 'Europe/Berlin')).toBe(2 * HOUR)
    expect(zoneOffsetMs(t + HOUR, 'Europe/Berlin')).toBe(HOUR)
    expect(zonedParts(t + HOUR, 'Europe/Berlin')).toMatchObject({ hour: 2, minute: 30 })
  })

  it('takes the end of the gap for a skipped local midnight (Santiago, September)', () => {
    const t = zonedTimeToUtc({ year: 2026, month: 9, day: 6 }, 'America/Santiago')
    expect(zonedParts(t, 'America/Santiago')).toMatchObject({ day: 6, hour: 1 })
    expect(zonedParts(t - 1, 'America/Santiago')).toMatchObject({ day: 5, hour: 23 })
  })
})
