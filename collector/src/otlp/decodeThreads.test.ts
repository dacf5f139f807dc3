import { describe, expect, it } from 'vitest'
import { decodeThreads } from './decodeThreads.js'

describe('decodeThreads', () => {
  it('gives one decoding thread per four cores, at least one', () => {
    expect([1, 2, 3, 4, 8, 16].map((cores) => decodeThreads(cores))).toEqual([1, 1, 1, 1, 2, 4])
  })
})
