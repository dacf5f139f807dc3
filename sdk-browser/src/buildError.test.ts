import { describe, expect, it } from 'vitest'
import { buildError } from './buildError.js'
import { rateLimit } from './rateLimit.js'
import { scrubUrl } from './scrubUrl.js'

describe('buildError', () => {
  it('reads type, masked message and scrubbed frames from an Error', () => {
    const err = new RangeError('user jane@mail.test has 1234567 items')
    err.stack = 'RangeError: x\n    at f (https://shop.test/app.js?token=s3cret:1:2)'
    const e = buildError(err, false, (u) => scrubUrl(u))
    expect(e).toMatchObject({
      errorType: 'RangeError',
      message: 'user <email> has <num> items',
      handled: false,
      stack: [{ fn: 'f', file: 'https://shop.test/app.js', line: 1, col: 2 }],
    })
  })
  it('handles thrown strings, plain objects and undefined', () => {
    expect(buildError('nope', true, String)).toMatchObject({
      errorType: 'string',
      message: 'nope',
      stack: [],
    })
    expect(buildError({ code: 7 }, true, String)).toMatchObject({ errorType: 'Error', message: '{"code":7}' })
    expect(buildError(undefined, true, String)).toMatchObject({ errorType: 'Error', message: 'undefined' })
  })
  it('survives values that cannot be serialised', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(buildError(cyclic, true, String).message).toBe('[object Object]')
  })
  it('groups errors that differ only by masked values', () => {
    const a = buildError(new Error('no user a@b.test'), false, String)
    const b = buildError(new Error('no user c@d.test'), false, String)
    expect(a.fingerprint).toBe(b.fingerprint)
  })
})

describe('rateLimit', () => {
  it('lets `limit` hits through per window, then reports how many were suppressed', () => {
    const hit = rateLimit(2, 1000)
    expect([hit('a', 0), hit('a', 10), hit('a', 20), hit('a', 30), hit('b', 40)]).toEqual([0, 0, -1, -1, 0])
    expect(hit('a', 1000)).toBe(2)
    expect(hit('a', 1001)).toBe(0)
  })
  it('bounds its key table', () => {
    const hit = rateLimit(1, 1000, 3)
    for (const k of ['a', 'b', 'c', 'd']) hit(k, 0)
    expect(hit('a', 1)).toBe(0)
  })
})
