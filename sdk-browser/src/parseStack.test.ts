import { describe, expect, it } from 'vitest'
import { fingerprint } from './fingerprint.js'
import { parseStack } from './parseStack.js'

const chrome = `TypeError: Cannot read properties of undefined (reading 'id') at user@mail.test
    at pay (https://shop.test/assets/app.js:10:25)
    at async Checkout.submit (https://shop.test/assets/app.js:200:7)
    at https://shop.test/assets/vendor.js:1:999
    at Array.forEach (<anonymous>)`

const firefox = `pay@https://shop.test/assets/app.js:10:25
async*submit@https://shop.test/assets/app.js:200:7
@https://shop.test/assets/vendor.js:1:999
`

const safari = `pay@https://shop.test/assets/app.js:10:25
submit@https://shop.test/assets/app.js:200:7
global code@https://shop.test/assets/vendor.js:1:999
forEach@[native code]`

describe('parseStack', () => {
  it('parses Chrome stacks, skipping the message line even when it holds an @', () => {
    expect(parseStack(chrome)).toEqual([
      { fn: 'pay', file: 'https://shop.test/assets/app.js', line: 10, col: 25 },
      { fn: 'Checkout.submit', file: 'https://shop.test/assets/app.js', line: 200, col: 7 },
      { file: 'https://shop.test/assets/vendor.js', line: 1, col: 999 },
      { fn: 'Array.forEach', file: '<anonymous>' },
    ])
  })
  it('parses Firefox stacks, including async frames and anonymous functions', () => {
    expect(parseStack(firefox)).toEqual([
      { fn: 'pay', file: 'https://shop.test/assets/app.js', line: 10, col: 25 },
      { fn: 'submit', file: 'https://shop.test/assets/app.js', line: 200, col: 7 },
      { file: 'https://shop.test/assets/vendor.js', line: 1, col: 999 },
    ])
  })
  it('parses Safari stacks, including global code and native frames', () => {
    expect(parseStack(safari)).toEqual([
      { fn: 'pay', file: 'https://shop.test/assets/app.js', line: 10, col: 25 },
      { fn: 'submit', file: 'https://shop.test/assets/app.js', line: 200, col: 7 },
      { fn: 'global code', file: 'https://shop.test/assets/vendor.js', line: 1, col: 999 },
      { fn: 'forEach', file: '[native code]' },
    ])
  })
  it('caps the frame count and tolerates non-strings', () => {
    const deep = Array.from({ length: 100 }, (_, i) => `f${i}@https://x.test/a.js:${i}:1`).join('\n')
    expect(parseStack(deep, 30)).toHaveLength(30)
    expect(parseStack(undefined)).toEqual([])
    expect(parseStack(42)).toEqual([])
  })
  it('parses a real V8 stack from this runtime', () => {
    const frames = parseStack(new Error('boom').stack)
    expect(frames.length).toBeGreaterThan(0)
    expect(frames[0]!.file).toContain('parseStack.test')
    expect(frames[0]!.line).toBeGreaterThan(0)
  })
})

describe('fingerprint', () => {
  it('is the same across browsers and across numbers in the message', () => {
    const a = fingerprint('TypeError', 'item 12 missing', parseStack(firefox))
    const b = fingerprint('TypeError', 'item 99 missing', parseStack(safari))
    expect(a).toBe(b)
  })
  it('differs by type, message and top frame', () => {
    const frames = parseStack(firefox)
    const base = fingerprint('TypeError', 'x', frames)
    expect(fingerprint('RangeError', 'x', frames)).not.toBe(base)
    expect(fingerprint('TypeError', 'y', frames)).not.toBe(base)
    expect(fingerprint('TypeError', 'x', frames.slice(1))).not.toBe(base)
  })
  it('ignores line numbers so a release that shifts code keeps the group', () => {
    const moved = parseStack(firefox).map((f) => ({ ...f, line: (f.line ?? 0) + 40 }))
    expect(fingerprint('E', 'm', moved)).toBe(fingerprint('E', 'm', parseStack(firefox)))
  })
})
