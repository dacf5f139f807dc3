import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CollectorProcess, startCollector, tempDataDir } from '../support/collectorProcess.js'
import { randomHex } from '../support/otlpJson.js'

/**
 * A known history, posted through the public ingest endpoints with past timestamps and out of order,
 * then read back through the SLO API and compared with figures this test computes from the same
 * events on its own (weighted sums by minute, day and month; no Vigil code).
 */

const config = `
slos:
  - id: pay-errors
    service: payments
    sli: { source: spans, good: status, filter: {} }
    objective: 0.99
    window: 7d
  - id: pay-latency
    service: payments
    sli: { source: spans, good: latency, thresholdMs: 300, filter: { route: "POST /api/pay" } }
    objective: 0.95
    window: { calendar: month, timeZone: UTC }
  - id: pay-p95
    service: payments
    sli: { source: spans, good: status, filter: { route: "POST /api/pay" } }
    objective: 0.9
    window: 7d
    budgeting: { method: timeslices, slice: 6h, good: "p95 <= 500" }
  - id: checkout-views
    journey: checkout
    sli: { source: rum, event: pageView }
    objective: 0.9
    window: { calendar: month, timeZone: Europe/Berlin }
  - id: checkout-flow
    journey: checkout
    sli: { source: rum, event: journeyStep }
    objective: 0.8
`

interface Span {
  t: number
  service: string
  route: string
  ms: number
  error: boolean
  rate: number
  release: string
}

const day = 86_400_000
const octStart = Date.parse('2026-10-01T00:00:00Z')
/** Deterministic pseudo-random numbers, so a failure reproduces. */
const random = (() => {
  let seed = 42
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    return seed / 2 ** 31
  }
})()

const spans: Span[] = Array.from({ length: 1500 }, (_, i) => {
  const t = octStart + Math.floor(random() * 30 * day)
  const badDay = Math.floor((t - octStart) / day) === 17
  return {
    t,
    service: i % 10 === 0 ? 'cart' : 'payments',
    route: i % 3 === 0 ? 'GET /api/cards' : 'POST /api/pay',
    ms: badDay ? 200 + random() * 400 : random() < 0.03 ? 500 : 50 + random() * 200,
    error: random() < (badDay ? 0.3 : 0.01),
    rate: i % 4 === 0 ? 0.5 : 1,
    release: t < octStart + 15 * day ? 'v1' : 'v2',
  }
})

const spanRequest = (batch: readonly Span[]) => ({
  resourceSpans: batch.map((s) => ({
    resource: {
      attributes: [
        { key: 'service.name', value: { stringValue: s.service } },
        { key: 'service.version', value: { stringValue: s.release } },
      ],
    },
    scopeSpans: [
      {
        scope: { name: 'slo-e2e' },
        spans: [
          {
            traceId: randomHex(16),
            spanId: randomHex(8),
            name: s.route,
            kind: 2,
            startTimeUnixNano: (BigInt(s.t) * 1_000_000n).toString(),
            endTimeUnixNano: (BigInt(s.t) * 1_000_000n + BigInt(Math.round(s.ms * 1e6))).toString(),
            attributes: [
              { key: 'http.route', value: { stringValue: s.route } },
              ...(s.rate < 1 ? [{ key: 'vigil.sample_rate', value: { doubleValue: s.rate } }] : []),
            ],
            status: { code: s.error ? 2 : 1 },
          },
        ],
      },
    ],
  })),
})

/** RUM: views with and without errors, journeys with two steps and an outcome, sessions sampled at 50 % or 100 %. */
interface View {
  t: number
  id: string
  rate: number
  error: boolean
  outcome: 'completed' | 'failed' | 'abandoned'
}
const views: View[] = Array.from({ length: 120 }, (_, i) => ({
  t: Date.parse('2026-10-05T00:00:00Z') + Math.floor(random() * 15 * day),
  id: `view-${i}`,
  rate: i % 3 === 0 ? 0.5 : 1,
  error: random() < 0.15,
  outcome: random() < 0.75 ? 'completed' : random() < 0.5 ? 'failed' : 'abandoned',
}))

const rumBatch = (v: View, withError: boolean) => ({
  meta: {
    v: 1,
    app: 'shop',
    session: `session-${v.id}`,
    sentAt: Date.now(),
    sdk: { name: '@vigil/sdk-browser', version: '0.1.0' },
    sampleRate: v.rate,
  },
  events: [
    {
      id: `${v.id}-pv`,
      time: v.t,
      view: v.id,
      sampleRate: v.rate,
      type: 'page_view',
      kind: 'navigation',
      url: 'https://shop.example/checkout',
    },
    {
      id: `${v.id}-js`,
      time: v.t + 1_000,
      view: v.id,
      sampleRate: v.rate,
      type: 'journey',
      journey: 'checkout',
      journeyId: `j-${v.id}`,
      status: 'started',
      duration: 0,
    },
    ...['cart', 'payment'].map((step, n) => ({
      id: `${v.id}-step-${step}`,
      time: v.t + 2_000 + n * 8_000,
      view: v.id,
      sampleRate: v.rate,
      type: 'journey',
      journey: 'checkout',
      journeyId: `j-${v.id}`,
      step,
      status: 'started',
      duration: 0,
    })),
    {
      id: `${v.id}-jo`,
      time: v.t + 20_000,
      view: v.id,
      sampleRate: v.rate,
      type: 'journey',
      journey: 'checkout',
      journeyId: `j-${v.id}`,
      step: 'payment',
      status: v.outcome,
      duration: 19_000,
    },
    ...(withError
      ? [
          {
            id: `${v.id}-err`,
            time: v.t + 5_000,
            view: v.id,
            sampleRate: v.rate,
            type: 'error',
            errorType: 'TypeError',
            message: 'boom',
            stack: [],
            handled: false,
            fingerprint: 'fp-1',
          },
        ]
      : []),
  ],
})

const errorOnly = (v: View, n: number) => ({
  ...rumBatch(v, false),
  events: [
    {
      id: `${v.id}-late-err-${n}`,
      time: v.t + 90_000 + n,
      view: v.id,
      sampleRate: v.rate,
      type: 'error',
      errorType: 'TypeError',
      message: 'late',
      stack: [],
      handled: false,
      fingerprint: 'fp-2',
    },
  ],
})

type Counts = { good: number; total: number }

/** The parts of the API's answers this test reads. */
interface StatusJson {
  counts: Counts
  sli: number
  budget: { remaining: number }
  burnRates: Record<string, number>
}
interface SlaEntryJson {
  id: string
  attainment: number
  met: boolean
  budgetUsed: number
  counts: Counts
  start: string
  worstDays: { day: string; bad: number }[]
}
interface SlaReportJson {
  journeys: { journey: string; slos: SlaEntryJson[] }[]
}
interface AttributionJson {
  slices: { value: string; bad: number; shareOfBad: number }[]
}
const add = (c: Counts, w: number, good: boolean) => ({ good: c.good + (good ? w : 0), total: c.total + w })
const minuteOf = (t: number) => Math.floor(t / 60_000) * 60_000
const inRange = (t: number, from: number, to: number) => minuteOf(t) >= from && minuteOf(t) < to

const spanCounts = (
  list: readonly Span[],
  match: (s: Span) => boolean,
  good: (s: Span) => boolean,
  from: number,
  to: number,
) =>
  list
    .filter((s) => match(s) && inRange(s.t, from, to))
    .reduce((c, s) => add(c, 1 / s.rate, good(s)), { good: 0, total: 0 })

/**
 * Good and judged 6-hour slices of `[from, to)` (slices aligned to `from`): a slice is good when the
 * weighted nearest-rank p95 of its span durations (the least d with 100·W(≤d) ≥ 95·W) is ≤ 500 ms;
 * slices without spans are skipped.
 */
const p95Slices = (list: readonly Span[], from: number, to: number) => {
  const slice = 6 * 3_600_000
  const counts = { good: 0, total: 0, atThreshold: 0 }
  for (let start = from; start + slice <= to; start += slice) {
    const values = list
      .filter((s) => isPayRoute(s) && inRange(s.t, start, start + slice))
      .map((s) => ({ ms: Math.round(s.ms * 1e6) / 1e6, w: 1 / s.rate }))
      .sort((a, b) => a.ms - b.ms)
    if (values.length === 0) continue
    const total = values.reduce((n, v) => n + v.w, 0)
    let below = 0
    const p95 = values.find((v) => {
      below += v.w
      return 100 * below >= 95 * total
    })?.ms
    counts.total += 1
    if (p95 !== undefined && p95 <= 500) counts.good += 1
    if (p95 === 500) counts.atThreshold += 1
  }
  return counts
}

const isPay = (s: Span) => s.service === 'payments'
const isPayRoute = (s: Span) => s.service === 'payments' && s.route === 'POST /api/pay'

describe('SLOs from a known history, through the collector process', () => {
  const data = tempDataDir()
  let collector: CollectorProcess
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${collector.url}${path}`)
    expect(response.status, path).toBe(200)
    return (await response.json()) as T
  }
  const postSpans = async (batch: readonly Span[]) => {
    const response = await fetch(`${collector.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spanRequest(batch)),
    })
    expect(response.status).toBe(200)
  }
  const postRum = async (body: unknown) => {
    const response = await fetch(`${collector.url}/rum/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
      body: JSON.stringify(body),
    })
    expect(response.status).toBeLessThan(300)
  }

  // The second half of October arrives first; the first half comes late, in reverse order.
  const early = spans.filter((s) => s.t >= octStart + 15 * day)
  const late = spans.filter((s) => s.t < octStart + 15 * day).reverse()

  beforeAll(async () => {
    writeFileSync(join(data.dir, 'vigil.yaml'), config)
    collector = await startCollector({
      dataDir: join(data.dir, 'db'),
      args: ['--config', join(data.dir, 'vigil.yaml')],
    })
    for (let i = 0; i < early.length; i += 200) await postSpans(early.slice(i, i + 200))
    for (const v of views) await postRum(rumBatch(v, v.error && v.t % 2 === 0))
    // Errors of the other erring views arrive in later batches; a second error must change nothing.
    for (const v of views.filter((x) => x.error && x.t % 2 !== 0)) await postRum(errorOnly(v, 0))
    for (const v of views.filter((x) => x.error)) await postRum(errorOnly(v, 1))
  })
  afterAll(async () => {
    await collector?.stop()
    data.remove()
  })

  it('evaluates a past instant exactly, and again exactly once late events arrived', async () => {
    const at = Date.parse('2026-10-20T12:00:00Z')
    const expectAt = async (known: readonly Span[]) => {
      const status = await get<StatusJson>(`/api/slos/pay-errors?at=${new Date(at).toISOString()}`)
      const c = spanCounts(known, isPay, (s) => !s.error, at - 7 * day, at)
      expect(status.counts.total).toBeCloseTo(c.total, 9)
      expect(status.counts.good).toBeCloseTo(c.good, 9)
      expect(status.sli).toBeCloseTo(c.good / c.total, 12)
      expect(status.budget.remaining).toBeCloseTo(1 - (c.total - c.good) / c.total / 0.01, 9)
      const d = spanCounts(known, isPay, (s) => !s.error, at - day, at)
      expect(status.burnRates['1d']).toBeCloseTo((d.total - d.good) / d.total / 0.01, 9)
      return c
    }
    const expectP95At = async (known: readonly Span[]) => {
      const status = await get<StatusJson & { unit: string }>(
        `/api/slos/pay-p95?at=${new Date(at).toISOString()}`,
      )
      const { good, total, atThreshold } = p95Slices(known, at - 7 * day, at)
      expect(status.unit).toBe('slices')
      expect(status.counts).toEqual({ good, total })
      return { good, total, atThreshold }
    }
    const before = await expectAt(early)
    const p95Before = await expectP95At(early)
    for (let i = 0; i < late.length; i += 150) await postSpans(late.slice(i, i + 150))
    const after = await expectAt(spans)
    expect(after.total).toBeGreaterThan(before.total)
    const p95After = await expectP95At(spans)
    // Late spans filled slices of the window's first days.
    expect(p95After.total).toBeGreaterThan(p95Before.total)
  })

  it('attributes bad events to releases', async () => {
    const from = octStart
    const to = octStart + 31 * day
    const body = await get<AttributionJson>(
      `/api/slos/pay-errors/attribution?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&by=release`,
    )
    const all = spanCounts(spans, isPay, (s) => !s.error, from, to)
    for (const release of ['v1', 'v2']) {
      const c = spanCounts(
        spans,
        (s) => isPay(s) && s.release === release,
        (s) => !s.error,
        from,
        to,
      )
      const slice = body.slices.find((s) => s.value === release)
      if (!slice) throw new Error(`no slice ${release}`)
      expect(slice.bad).toBeCloseTo(c.total - c.good, 9)
      expect(slice.shareOfBad).toBeCloseTo((c.total - c.good) / (all.total - all.good), 12)
    }
  })

  it('reports October per journey against values computed from the events', async () => {
    const report = await get<SlaReportJson>('/api/reports/sla?month=2026-10')
    const entries = new Map(report.journeys.flatMap((j) => j.slos).map((s) => [s.id, s]))
    const entry = (id: string): SlaEntryJson => {
      const found = entries.get(id)
      if (!found) throw new Error(`no ${id} in the report`)
      return found
    }
    const latency = entry('pay-latency')
    const c = spanCounts(spans, isPayRoute, (s) => s.ms <= 300, octStart, octStart + 31 * day)
    expect(latency.attainment).toBeCloseTo(c.good / c.total, 12)
    expect(latency.met).toBe(c.good / c.total >= 0.95)
    expect(latency.budgetUsed).toBeCloseTo((c.total - c.good) / c.total / 0.05, 9)
    const byDay = Array.from({ length: 31 }, (_, d) => {
      const dc = spanCounts(
        spans,
        isPayRoute,
        (s) => s.ms <= 300,
        octStart + d * day,
        octStart + (d + 1) * day,
      )
      return { day: `2026-10-${String(d + 1).padStart(2, '0')}`, bad: dc.total - dc.good }
    }).sort((a, b) => b.bad - a.bad)
    expect(latency.worstDays[0]?.day).toBe(byDay[0]?.day)
    expect(latency.worstDays[0]?.bad).toBeCloseTo(byDay[0]?.bad ?? Number.NaN, 9)

    // Page views: good without any error; October in Berlin starts 30 Sep 22:00 UTC (CEST).
    const views_ = entry('checkout-views')
    expect(views_.start).toBe('2026-09-30T22:00:00.000Z')
    const vc = views.reduce((acc, v) => add(acc, 1 / v.rate, !v.error), { good: 0, total: 0 })
    expect(views_.counts.total).toBeCloseTo(vc.total, 9)
    expect(views_.attainment).toBeCloseTo(vc.good / vc.total, 12)

    // Journey steps: cart is always passed (payment starts after it); payment only when completed.
    const flow = entry('checkout-flow')
    const fc = views.reduce(
      (acc, v) => add(add(acc, 1 / v.rate, true), 1 / v.rate, v.outcome === 'completed'),
      { good: 0, total: 0 },
    )
    expect(flow.counts.total).toBeCloseTo(fc.total, 9)
    expect(flow.attainment).toBeCloseTo(fc.good / fc.total, 12)
    expect(report.journeys.map((j) => j.journey).sort()).toEqual(['checkout', 'payments'])

    // Percentile slices over the month: slices aligned to 1 October, each judged by its p95.
    const p95 = entry('pay-p95')
    const pc = p95Slices(spans, octStart, octStart + 31 * day)
    expect(p95.counts).toEqual({ good: pc.good, total: pc.total })
    expect(p95.attainment).toBeCloseTo(pc.good / pc.total, 12)
    // Some slice's p95 is exactly the threshold (a 500 ms span): judged good, as "<=" says.
    expect(pc.atThreshold).toBeGreaterThan(0)
  })

  it('exposes the SLI counters on /metrics as docs/slo.md specifies', async () => {
    const text = await (await fetch(`${collector.url}/metrics`)).text()
    const value = (slo: string, kind: string) => {
      const match = new RegExp(`^vigil_sli_events_total\\{slo="${slo}",kind="${kind}"\\} (\\S+)$`, 'm').exec(
        text,
      )
      return Number(match?.[1])
    }
    const c = spanCounts(spans, isPay, (s) => !s.error, 0, Number.MAX_SAFE_INTEGER)
    expect(value('pay-errors', 'total')).toBeCloseTo(c.total, 9)
    expect(value('pay-errors', 'good')).toBeCloseTo(c.good, 9)
    expect(text).toContain('# TYPE vigil_sli_events_total counter')
    const status = await get<{ slos: { id: string }[] }>('/api/slos')
    expect(status.slos.map((s) => s.id)).toEqual([
      'pay-errors',
      'pay-latency',
      'pay-p95',
      'checkout-views',
      'checkout-flow',
    ])
  })
})
