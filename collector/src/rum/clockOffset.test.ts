import { describe, expect, it } from 'vitest'
import { ClockSkew } from './ClockSkew.js'
import { clockOffset } from './clockOffset.js'

describe('clockOffset', () => {
  const received = 1_700_000_000_000

  it('ignores offsets within the threshold (transit time)', () => {
    expect(clockOffset(received, received - ClockSkew.thresholdMs)).toBe(0)
    expect(clockOffset(received, received + ClockSkew.thresholdMs)).toBe(0)
    expect(clockOffset(received, received - 150)).toBe(0)
  })

  it('corrects a sender clock that runs behind or ahead', () => {
    expect(clockOffset(received, received - 3_600_000)).toBe(3_600_000)
    expect(clockOffset(received, received + ClockSkew.thresholdMs + 1)).toBe(-(ClockSkew.thresholdMs + 1))
  })

  it('takes another threshold', () => {
    expect(clockOffset(received, received - 500, 100)).toBe(500)
  })
})
