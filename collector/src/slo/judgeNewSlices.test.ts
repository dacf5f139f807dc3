import { describe, expect, it } from 'vitest'
import { judgeNewSlices } from './judgeNewSlices.js'
import { slosFrom } from './testing.js'

const [sliced, ratio, plain] = slosFrom(`
slos:
  - id: sliced
    service: api
    sli: { source: spans, good: status, filter: {} }
    objective: 0.99
    budgeting: { method: timeslices, slice: 5m, good: "ratio >= 0.9" }
  - id: ratio
    service: api
    sli: { source: spans, good: status, filter: {} }
    objective: 0.99
    budgeting: { method: ratioTimeslices, slice: 5m }
  - id: plain
    service: api
    sli: { source: spans, good: status, filter: {} }
    objective: 0.99
`)

const m = 60_000
const t0 = Date.parse('2026-06-01T10:00:00Z')
// Slice 1 [10:00, 10:05): 19/20 good; slice 2 [10:05, 10:10): 5/10; slice 3 empty; slice 4 in progress.
const buckets = [
  { minute: t0 + 1 * m, good: 9, total: 10 },
  { minute: t0 + 3 * m, good: 10, total: 10 },
  { minute: t0 + 6 * m, good: 5, total: 10 },
  { minute: t0 + 16 * m, good: 0, total: 4 },
]

describe('judgeNewSlices', () => {
  it('judges only whole slices, skipping empty ones, and says where to continue', () => {
    if (!sliced || !ratio || !plain) throw new Error('specs')
    const at = t0 + 17 * m
    expect(judgeNewSlices(sliced, buckets, t0 - 30_000, at)).toEqual({
      counts: { good: 1, total: 2 },
      next: t0 + 15 * m,
    })
    const r = judgeNewSlices(ratio, buckets, t0, at)
    expect(r?.counts.total).toBe(2)
    expect(r?.counts.good).toBeCloseTo(19 / 20 + 5 / 10, 12)
    // Nothing complete yet: no counts, same start.
    expect(judgeNewSlices(sliced, buckets, t0 + 15 * m, at)).toEqual({
      counts: { good: 0, total: 0 },
      next: t0 + 15 * m,
    })
    expect(judgeNewSlices(plain, buckets, t0, at)).toBeNull()
  })
})
