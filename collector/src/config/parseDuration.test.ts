import { describe, expect, it } from 'vitest'
import { parseDuration } from './parseDuration.js'

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30 * 1000],
    ['10m', 10 * 60 * 1000],
    ['12h', 12 * 60 * 60 * 1000],
    ['7d', 7 * 24 * 60 * 60 * 1000],
    ['4w', 4 * 7 * 24 * 60 * 60 * 1000],
    ['0s', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['7 days', '7', '1.5h', '-1h', '7D', 'h', '', ' 7d', '7d ', '1h30m', '10mm'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined()
    },
  )

  it('rejects amounts that milliseconds cannot count exactly', () => {
    expect(parseDuration('999999999999999w')).toBeUndefined()
    expect(parseDuration('999999999999999ms')).toBe(999_999_999_999_999)
  })
})
