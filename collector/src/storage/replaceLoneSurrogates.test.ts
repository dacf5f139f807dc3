import { describe, expect, it } from 'vitest'
import { replaceLoneSurrogates } from './replaceLoneSurrogates.js'

describe('replaceLoneSurrogates', () => {
  it('replaces lone high and low surrogate escapes with U+FFFD', () => {
    const text = JSON.stringify({ a: 'x\ud800y', b: '\udc00', c: 'end\udbff' })
    expect(JSON.parse(replaceLoneSurrogates(text))).toEqual({ a: 'x\ufffdy', b: '\ufffd', c: 'end\ufffd' })
  })

  it('keeps escaped pairs, raw pairs, and escaped backslashes followed by u', () => {
    const pair = '{"p":"\\ud83d\\ude00"}'
    expect(replaceLoneSurrogates(pair)).toBe(pair)
    const raw = JSON.stringify({ e: '\u{1f600}', literal: '\\ud800' })
    expect(replaceLoneSurrogates(raw)).toBe(raw)
    expect(JSON.parse(replaceLoneSurrogates(JSON.stringify({ v: '\\\ud800' })))).toEqual({ v: '\\\ufffd' })
  })
})
