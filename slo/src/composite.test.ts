import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compositeCounts } from './composite.js'
import { sli } from './sli.js'

const part = fc.record({
  counts: fc
    .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([total, share]) => ({ total, good: Math.floor(total * share) })),
  weight: fc.double({ min: 0.01, max: 100, noNaN: true }),
})

describe('compositeCounts', () => {
  const checkout = [
    { counts: { good: 9_900, total: 10_000 }, weight: 1 }, // cart: 99 %
    { counts: { good: 90, total: 100 }, weight: 3 }, // payment: 90 %
  ]

  it('by events lets busy parts weigh more', () => {
    const c = compositeCounts(checkout, 'events')
    expect(c).toEqual({ good: 9_900 + 3 * 90, total: 10_000 + 3 * 100 })
  })

  it('by SLI lets the weights alone decide', () => {
    expect(sli(compositeCounts(checkout, 'sli'))).toBeCloseTo((0.99 + 3 * 0.9) / 4, 12)
  })

  it('leaves out parts without traffic and has no SLI when none has any', () => {
    const quiet = { counts: { good: 0, total: 0 }, weight: 5 }
    expect(compositeCounts([...checkout, quiet], 'sli')).toEqual(compositeCounts(checkout, 'sli'))
    expect(sli(compositeCounts([quiet]))).toBeNull()
  })

  it('rejects weights that are not positive', () => {
    expect(() => compositeCounts([{ counts: { good: 1, total: 1 }, weight: 0 }])).toThrow(RangeError)
  })

  it('stays between its lowest and highest part (property)', () => {
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('events' as const, 'sli' as const),
        (parts, method) => {
          const value = sli(compositeCounts(parts, method))
          const partSlis = parts.map((p) => sli(p.counts)).filter((v): v is number => v !== null)
          if (partSlis.length === 0) {
            expect(value).toBeNull()
            return
          }
          expect(value).not.toBeNull()
          expect(value as number).toBeGreaterThanOrEqual(Math.min(...partSlis) - 1e-12)
          expect(value as number).toBeLessThanOrEqual(Math.max(...partSlis) + 1e-12)
        },
      ),
    )
  })
})
