import { describe, expect, it } from 'vitest'
import { DurationUnits, parseDuration } from './duration.js'
import { promDuration } from './promDuration.js'

describe('promDuration', () => {
  it('uses the largest unit that divides exactly, never weeks', () => {
    expect(promDuration(7 * (DurationUnits.d as number))).toBe('7d')
    expect(promDuration(28 * (DurationUnits.d as number))).toBe('28d')
    expect(promDuration(36 * (DurationUnits.h as number))).toBe('36h')
    expect(promDuration(90 * (DurationUnits.s as number))).toBe('90s')
    expect(promDuration(1500)).toBe('1500ms')
  })

  it('round-trips through parseDuration', () => {
    for (const text of ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d', '45s'])
      expect(promDuration(parseDuration(text) as number)).toBe(text)
  })

  it('rejects what is not a positive whole number of ms', () => {
    for (const bad of [0, -60_000, 1.5, Number.NaN]) expect(() => promDuration(bad)).toThrow(RangeError)
  })
})
