import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DurationUnits, formatDuration, parseDuration } from './duration.js'

describe('parseDuration / formatDuration', () => {
  it('reads the usual units', () => {
    expect(parseDuration('5m')).toBe(5 * (DurationUnits.m as number))
    expect(parseDuration('28d')).toBe(28 * (DurationUnits.d as number))
    expect(parseDuration('1.5h')).toBe(1.5 * (DurationUnits.h as number))
    expect(parseDuration('300ms')).toBe(300)
  })

  it.each(['', '1M', '1Q', 'd', '-5m', '0s', '5 minutes'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNull()
  })

  it('formats in the largest exact unit and round-trips (property)', () => {
    expect(formatDuration(30 * (DurationUnits.d as number))).toBe('30d')
    expect(formatDuration(90 * (DurationUnits.m as number))).toBe('90m')
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 11 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms)
      }),
    )
    expect(() => formatDuration(0)).toThrow(RangeError)
  })
})
