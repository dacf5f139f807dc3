import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SpanRow } from '../../otlp/rows.js'
import { openStorage } from '../openStorage.js'
import type { Storage } from '../Storage.js'
import { ns, spanRow } from '../testing/rows.js'
import { tempDir } from '../testing/tempDir.js'

/** Linear-interpolation quantile (what `quantile_cont` computes), written independently for the test. */
const quantile = (sorted: readonly number[], p: number) => {
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.ceil(h)
  const a = sorted[lo] ?? Number.NaN
  const b = sorted[hi] ?? Number.NaN
  return a + (h - lo) * (b - a)
}

describe('listServices', () => {
  const from = ns('2026-02-01T10:00:00Z')
  const to = ns('2026-02-01T10:05:00Z')
  let storage: Storage
  let remove: () => Promise<void>
  const spans: SpanRow[] = []

  beforeAll(async () => {
    const temp = await tempDir()
    remove = temp.remove
    storage = await openStorage({ dataDir: temp.dir })
    // A fixed pseudo-random sequence: varied durations and statuses, some spans outside the window.
    let seed = 7
    const random = () => {
      seed = (seed * 48271) % 2147483647
      return seed / 2147483647
    }
    const services = ['payments', 'cart', 'search']
    for (let i = 0; i < 600; i++) {
      const offset = BigInt(Math.floor(random() * 400e9)) - 50_000_000_000n
      spans.push(
        spanRow(i, {
          serviceName: services[i % 3] ?? 'x',
          timestamp: from + offset,
          duration: BigInt(Math.floor(random() * 2e9)),
          statusCode: random() < 0.1 ? 'Error' : random() < 0.5 ? 'Ok' : 'Unset',
        }),
      )
    }
    spans.push(spanRow(600, { serviceName: 'edge', timestamp: from, duration: 3_000_000n }))
    spans.push(spanRow(601, { serviceName: 'late', timestamp: to }))
    await storage.write({ spans })
  })

  afterAll(async () => {
    await storage.close()
    await remove()
  })

  it('matches figures computed from the same rows', async () => {
    const inWindow = spans.filter((s) => s.timestamp >= from && s.timestamp < to)
    const names = [...new Set(inWindow.map((s) => s.serviceName))].sort()
    const seconds = Number(to - from) / 1e9
    const expected = names.map((service) => {
      const own = inWindow.filter((s) => s.serviceName === service)
      const ms = own.map((s) => Number(s.duration) / 1e6).sort((a, b) => a - b)
      const errors = own.filter((s) => s.statusCode === 'Error').length
      return {
        service,
        spanCount: own.length,
        spanRate: own.length / seconds,
        errorCount: errors,
        errorRatio: errors / own.length,
        p50Ms: quantile(ms, 0.5),
        p95Ms: quantile(ms, 0.95),
        p99Ms: quantile(ms, 0.99),
      }
    })
    const actual = await storage.listServices(from, to)
    expect(actual.map((s) => s.service)).toEqual(names)
    expect(names).not.toContain('late')
    for (const [i, want] of expected.entries()) {
      const got = actual[i]
      expect(got?.spanCount).toBe(want.spanCount)
      expect(got?.errorCount).toBe(want.errorCount)
      expect(got?.spanRate).toBeCloseTo(want.spanRate, 9)
      expect(got?.errorRatio).toBeCloseTo(want.errorRatio, 9)
      expect(got?.p50Ms).toBeCloseTo(want.p50Ms, 6)
      expect(got?.p95Ms).toBeCloseTo(want.p95Ms, 6)
      expect(got?.p99Ms).toBeCloseTo(want.p99Ms, 6)
    }
  })

  it('returns nothing for an empty or inverted window', async () => {
    expect(await storage.listServices(to + 1_000_000_000_000n, to + 2_000_000_000_000n)).toEqual([])
    expect(await storage.listServices(to, from)).toEqual([])
  })
})
