import type { Counts } from '@vigil/slo'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStorage } from '../storage/openStorage.js'
import type { Storage } from '../storage/Storage.js'
import { spanRow } from '../storage/testing/rows.js'
import { tempDir } from '../storage/testing/tempDir.js'
import { percentileStream } from './percentileStream.js'
import { sloServiceReaders } from './SloRollupStore.js'
import { SloService } from './SloService.js'
import { sloCommitHook } from './sloCommitHook.js'
import { slosFrom } from './testing.js'

/** One 5-minute time-slice SLO on the spans of `pay` per percentile condition. */
const slos = slosFrom(`
slos:
${[
  ['p95-le', 'p95 <= 300', ''],
  ['p95-lt', 'p95 < 300', ''],
  ['p95-gt', 'p95 > 300', ', emptySlices: bad'],
]
  .map(
    ([id, good, extra]) => `  - id: ${id}
    service: pay
    sli: { source: spans, good: status, filter: {} }
    objective: 0.5
    window: 1d
    budgeting: { method: timeslices, slice: 5m, good: "${good}"${extra} }`,
  )
  .join('\n')}
`)

interface TestSpan {
  t: number
  ms: number
  rate: number
}

const m = 60_000
const slice = 5 * m
const at = Date.parse('2026-07-02T00:00:00Z')
const s0 = at - 2 * 3_600_000
/** Slices of [s0, s0 + 5 × 5m): at the threshold, above it, empty, good only when weighted, good. */
const history: TestSpan[] = [
  ...Array.from({ length: 18 }, (_, i) => ({ t: s0 + i * 10_000, ms: 100, rate: 1 })),
  { t: s0 + 200_000, ms: 300, rate: 1 },
  { t: s0 + 250_000, ms: 500, rate: 1 },
  ...Array.from({ length: 8 }, (_, i) => ({ t: s0 + slice + i * 20_000, ms: 100, rate: 1 })),
  { t: s0 + slice + 200_000, ms: 400, rate: 1 },
  { t: s0 + slice + 280_000, ms: 400, rate: 1 },
  { t: s0 + 3 * slice, ms: 100, rate: 0.1 },
  { t: s0 + 3 * slice + 60_000, ms: 100, rate: 0.1 },
  { t: s0 + 3 * slice + 120_000, ms: 350, rate: 1 },
  { t: s0 + 4 * slice + 1_000, ms: 299.999999, rate: 1 },
]
/** Arrives in a later commit and lands in the first slice: its p95 moves from 300 to 500. */
const late: TestSpan = { t: s0 + 30_000, ms: 600, rate: 1 }

const row = (s: TestSpan, n: number) =>
  spanRow(n, {
    timestamp: BigInt(s.t) * 1_000_000n,
    serviceName: 'pay',
    spanAttributes: JSON.stringify(s.rate < 1 ? { 'vigil.sample_rate': s.rate } : {}),
    duration: BigInt(Math.round(s.ms * 1e6)),
  })

/** Weighted nearest-rank percentile, computed on its own: the least v with 100·W(≤v) ≥ NN·W. */
const percentileOf = (spans: readonly TestSpan[], nn: number): number | null => {
  const sorted = spans
    .map((s) => ({ v: Math.round(s.ms * 1e6) / 1e6, w: 1 / s.rate }))
    .sort((a, b) => a.v - b.v)
  const total = sorted.reduce((n, s) => n + s.w, 0)
  let below = 0
  for (const s of sorted) {
    below += s.w
    if (100 * below >= nn * total) return s.v
  }
  return null
}

/** Good and judged slices in [from, to) for a condition on each slice's p95. */
const expectedSlices = (
  spans: readonly TestSpan[],
  from: number,
  to: number,
  good: (p95: number) => boolean,
  empty: 'skip' | 'bad',
): Counts => {
  const counts = { good: 0, total: 0 }
  for (let start = from; start + slice <= to; start += slice) {
    const p95 = percentileOf(
      spans.filter((s) => Math.floor(s.t / m) * m >= start && Math.floor(s.t / m) * m < start + slice),
      95,
    )
    if (p95 === null && empty === 'skip') continue
    counts.total += 1
    if (p95 !== null && good(p95)) counts.good += 1
  }
  return counts
}

describe('percentile slices through the commit path', () => {
  let storage: Storage
  let remove: () => Promise<void>
  let service: SloService
  const added: string[] = []
  beforeEach(async () => {
    const temp = await tempDir()
    remove = temp.remove
    storage = await openStorage({
      dataDir: temp.dir,
      commitHooks: [sloCommitHook(slos, (a) => added.push(...a.keys()))],
    })
    service = new SloService({ slos, ...sloServiceReaders(storage), now: () => at })
  })
  afterEach(async () => {
    await storage.close()
    await remove()
  })

  it('judges each slice by its weighted p95, the threshold itself included, late events in their slice', async () => {
    await storage.write({ spans: history.map(row) })
    const windowStart = at - 86_400_000
    const check = async (spans: readonly TestSpan[]) => {
      const cases = [
        ['p95-le', (p: number) => p <= 300, 'skip'],
        ['p95-lt', (p: number) => p < 300, 'skip'],
        ['p95-gt', (p: number) => p > 300, 'bad'],
      ] as const
      const out: Counts[] = []
      for (const [id, good, empty] of cases) {
        const slo = service.get(id)
        if (!slo) throw new Error(id)
        const { status } = await service.evaluate(slo, at)
        const expected = expectedSlices(spans, windowStart, at, good, empty)
        expect(status.unit).toBe('slices')
        expect(status.counts, id).toEqual(expected)
        out.push(status.counts)
      }
      return out
    }
    const [before] = await check(history)
    // The first slice sits exactly at the threshold: good for "<=", bad for "<".
    expect(percentileOf(history.slice(0, 20), 95)).toBe(300)
    // Empty slices are skipped (slo/'s default): 4 judged slices, not 5.
    expect(before).toEqual({ good: 3, total: 4 })

    await storage.write({ spans: [row(late, 99)] })
    const [after] = await check([...history, late])
    expect(after).toEqual({ good: 2, total: 4 })

    // The threshold stream stays out of the event counters and the attribution rows.
    expect(added.every((id) => !id.includes('#'))).toBe(true)
    const [le] = slos
    const stream = le ? percentileStream(le) : null
    expect(stream?.id).toBe('p95-le#le300')
    expect(await storage.sloSlices(stream?.id ?? '', 'service', windowStart, at)).toEqual([])
  })

  it('counts judged slices for /metrics from the threshold stream', async () => {
    let now = s0
    const counted = new SloService({ slos, ...sloServiceReaders(storage), now: () => now })
    await storage.write({ spans: history.map(row) })
    now = s0 + 6 * slice
    await counted.refresh()
    expect(counted.sliceCountersById().get('p95-le')).toEqual(
      expectedSlices(history, s0, s0 + 6 * slice, (p) => p <= 300, 'skip'),
    )
  })
})
