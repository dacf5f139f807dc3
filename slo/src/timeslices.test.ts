import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MinuteBucket } from './counts.js'
import { sli } from './sli.js'
import { ratioTimesliceCounts, sliceBuckets, sliceRatios, timesliceCounts } from './timeslices.js'

const MIN = 60_000

describe('sliceBuckets', () => {
  const buckets: MinuteBucket[] = [
    { minute: 0, good: 10, total: 10 },
    { minute: MIN, good: 5, total: 10 },
    { minute: 6 * MIN, good: 1, total: 1 },
    { minute: 11 * MIN, good: 1, total: 1 },
  ]

  it('cuts whole slices aligned to the start and keeps empty ones', () => {
    const slices = sliceBuckets(buckets, 0, 11.5 * MIN, 5 * MIN)
    expect(slices).toEqual([
      { start: 0, good: 15, total: 20 },
      { start: 5 * MIN, good: 1, total: 1 },
    ])
    expect(sliceBuckets(buckets, 2 * MIN, 12 * MIN, 5 * MIN)).toEqual([
      { start: 2 * MIN, good: 1, total: 1 },
      { start: 7 * MIN, good: 1, total: 1 },
    ])
    expect(sliceBuckets(buckets, 12 * MIN, 22 * MIN, 5 * MIN)).toEqual([
      { start: 12 * MIN, good: 0, total: 0 },
      { start: 17 * MIN, good: 0, total: 0 },
    ])
  })

  it('rejects a slice without length', () => {
    expect(() => sliceBuckets(buckets, 0, MIN, 0)).toThrow(RangeError)
  })
})

describe('timesliceCounts', () => {
  const values = [
    { start: 0, value: 0.995 },
    { start: 1, value: 0.98 },
    { start: 2, value: null },
    { start: 3, value: 0.99 },
  ]

  it('judges each slice and skips empty ones by default', () => {
    expect(timesliceCounts(values, 'gte', 0.99)).toEqual({ good: 2, total: 3 })
    expect(timesliceCounts(values, 'gt', 0.99)).toEqual({ good: 1, total: 3 })
    expect(timesliceCounts(values, 'gte', 0.99, 'good')).toEqual({ good: 3, total: 4 })
    expect(timesliceCounts(values, 'gte', 0.99, 'bad')).toEqual({ good: 2, total: 4 })
  })

  it('judges a latency percentile from below', () => {
    const p95 = [
      { start: 0, value: 250 },
      { start: 1, value: 300 },
      { start: 2, value: 301 },
    ]
    expect(timesliceCounts(p95, 'lte', 300)).toEqual({ good: 2, total: 3 })
    expect(timesliceCounts(p95, 'lt', 300)).toEqual({ good: 1, total: 3 })
    expect(timesliceCounts([], 'lt', 300)).toEqual({ good: 0, total: 0 })
  })

  it('treats a slice from ratios of summed buckets', () => {
    const slices = sliceBuckets(
      [
        { minute: 0, good: 99, total: 100 },
        { minute: MIN, good: 0, total: 1 },
      ],
      0,
      2 * MIN,
      2 * MIN,
    )
    expect(sliceRatios(slices)).toEqual([{ start: 0, value: 99 / 101 }])
  })
})

describe('ratioTimesliceCounts', () => {
  it('averages per-slice ratios over slices with traffic (the OpenSLO definition)', () => {
    const c = ratioTimesliceCounts([
      { start: 0, good: 1, total: 1 },
      { start: 1, good: 0, total: 0 },
      { start: 2, good: 50, total: 100 },
    ])
    expect(c).toEqual({ good: 1.5, total: 2 })
    expect(sli(c)).toBe(0.75)
  })

  it('lies between the worst and the best slice (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            start: fc.nat(),
            total: fc.integer({ min: 1, max: 1000 }),
            share: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          { minLength: 1 },
        ),
        (raw) => {
          const slices = raw.map((s) => ({
            start: s.start,
            total: s.total,
            good: Math.floor(s.total * s.share),
          }))
          const value = sli(ratioTimesliceCounts(slices)) as number
          const ratios = slices.map((s) => s.good / s.total)
          expect(value).toBeGreaterThanOrEqual(Math.min(...ratios) - 1e-12)
          expect(value).toBeLessThanOrEqual(Math.max(...ratios) + 1e-12)
        },
      ),
    )
  })
})
