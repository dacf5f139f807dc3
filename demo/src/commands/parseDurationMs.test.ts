import { describe, expect, it } from 'vitest'
import { parseDurationMs } from './parseDurationMs.js'

describe('parseDurationMs', () => {
  it('reads each unit', () => {
    expect(parseDurationMs('800ms')).toBe(800)
    expect(parseDurationMs('30s')).toBe(30 * 1000)
    expect(parseDurationMs('10m')).toBe(10 * 60 * 1000)
    expect(parseDurationMs('2h')).toBe(2 * 60 * 60 * 1000)
    expect(parseDurationMs('30d')).toBe(30 * 24 * 60 * 60 * 1000)
  })

  it('takes a bare number as milliseconds, fractions, zero and surrounding spaces', () => {
    expect(parseDurationMs('250')).toBe(250)
    expect(parseDurationMs('1.5s')).toBe(1500)
    expect(parseDurationMs('0')).toBe(0)
    expect(parseDurationMs(' 5m ')).toBe(5 * 60 * 1000)
  })

  it.each(['', 'ms', '-5m', '10 m', '10min', '1e3', 'ten', '5w'])('refuses %j with an example', (text) => {
    expect(() => parseDurationMs(text)).toThrow(/not a duration.*800ms/)
  })
})
