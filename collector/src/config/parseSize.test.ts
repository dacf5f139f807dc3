import { describe, expect, it } from 'vitest'
import { parseSize } from './parseSize.js'

describe('parseSize', () => {
  it.each([
    ['512KiB', 512 * 1024],
    ['16MiB', 16 * 1024 * 1024],
    ['1GiB', 1024 * 1024 * 1024],
    ['16mib', 16 * 1024 * 1024],
    ['10MB', 10 * 1000 * 1000],
    ['2kB', 2000],
    ['1.5MiB', 1.5 * 1024 * 1024],
    ['65536', 65536],
    ['100B', 100],
    ['0', 0],
  ])('reads %s as %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes)
  })

  it('rounds a fraction of a unit down to whole bytes', () => {
    expect(parseSize('0.1KiB')).toBe(Math.floor(0.1 * 1024))
  })

  it('takes numbers as bytes when they are whole and not negative', () => {
    expect(parseSize(4096)).toBe(4096)
    expect(parseSize(-1)).toBeUndefined()
    expect(parseSize(1.5)).toBeUndefined()
  })

  it.each(['16 MiB', '16M', '16MiBs', '1.5', '1.5B', 'MiB', '', '-1KiB', '1TiB'])('rejects %j', (text) => {
    expect(parseSize(text)).toBeUndefined()
  })
})
