import { describe, expect, it } from 'vitest'
import { parseJsonExact } from './parseJsonExact.js'

describe('parseJsonExact', () => {
  it('keeps integers beyond 2^53 - 1 as decimal strings, at any depth', () => {
    expect(
      parseJsonExact('{"a":9007199254740992,"b":[-9223372036854775808,{"c":18446744073709551615}]}'),
    ).toEqual({
      a: '9007199254740992',
      b: ['-9223372036854775808', { c: '18446744073709551615' }],
    })
  })

  it('leaves safe integers, decimals, exponents and strings alone', () => {
    expect(
      parseJsonExact(
        '{"safe":9007199254740991,"neg":-9007199254740991,"d":0.12345678901234567,"big.d":12345678901234567.5,"e":1234567890123456789e2,"s":"12345678901234567890","k":[ 12345678901234567890 ]}',
      ),
    ).toEqual({
      safe: 9007199254740991,
      neg: -9007199254740991,
      d: Number('0.12345678901234567'),
      'big.d': Number('12345678901234567.5'),
      e: Number('1234567890123456789e2'),
      s: '12345678901234567890',
      k: ['12345678901234567890'],
    })
  })

  it('does not touch digits inside strings with escaped quotes', () => {
    expect(parseJsonExact('["a\\", 12345678901234567890", 1]')).toEqual(['a", 12345678901234567890', 1])
  })
})
