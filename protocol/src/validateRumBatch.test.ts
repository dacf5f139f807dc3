import { describe, expect, it } from 'vitest'
import type { RumBatch } from './RumBatch.js'
import { RumLimits } from './RumLimits.js'
import { rateVital } from './rateVital.js'
import { VitalThresholds } from './VitalThresholds.js'
import { isRumBatch, validateRumBatch } from './validateRumBatch.js'
import { RUM_PROTOCOL_VERSION } from './version.js'

const common = (id: string) => ({ id, time: 1_700_000_000_000, view: 'v1', sampleRate: 0.5 })

const validBatch = (): RumBatch => ({
  meta: {
    v: RUM_PROTOCOL_VERSION,
    app: 'shop',
    key: 'k_123',
    release: '1.2.3',
    environment: 'prod',
    session: 's-abc',
    sentAt: 1_700_000_000_500,
    sdk: { name: '@vigil/sdk-browser', version: '0.1.0' },
    sampleRate: 0.5,
  },
  events: [
    {
      ...common('e1'),
      type: 'page_view',
      kind: 'navigation',
      url: 'https://shop.test/cart',
      navigationType: 'navigate',
    },
    {
      ...common('e2'),
      type: 'web_vital',
      name: 'LCP',
      metricId: 'v5-1700000000000-123',
      value: 2100,
      delta: 2100,
      rating: 'good',
      navigationType: 'navigate',
      attribution: {
        target: 'img#hero',
        url: 'https://shop.test/hero.jpg',
        timeToFirstByte: 300,
        resourceLoadDelay: 100,
        resourceLoadDuration: 900,
        elementRenderDelay: 800,
      },
    },
    {
      ...common('e3'),
      type: 'error',
      errorType: 'TypeError',
      message: 'x is undefined',
      stack: [{ fn: 'pay', file: 'https://shop.test/app.js', line: 10, col: 4 }],
      handled: false,
      fingerprint: 'abc123',
    },
    { ...common('e4'), type: 'action', action: 'click', target: 'button#pay', duration: 420 },
    {
      ...common('e5'),
      type: 'long_frame',
      source: 'loaf',
      start: 1000,
      duration: 180,
      blockingDuration: 130,
      scripts: [{ src: 'https://shop.test/app.js', fn: 'render', duration: 120 }],
    },
    {
      ...common('e6'),
      type: 'resources',
      count: 3,
      bytes: 5000,
      cached: 1,
      byType: { script: { count: 3, bytes: 5000, duration: 300 } },
      slowest: [{ url: 'https://shop.test/app.js', initiator: 'script', duration: 200, bytes: 4000 }],
    },
    {
      ...common('e7'),
      type: 'journey',
      journey: 'checkout',
      journeyId: 'j1',
      step: 'payment',
      status: 'failed',
      duration: 5000,
      reason: 'card declined',
    },
    { ...common('e8'), type: 'custom', name: 'coupon.applied', attributes: { code: 'X', pct: 10, ok: true } },
    { ...common('e9'), type: 'measure', name: 'search.render', value: 87, unit: 'ms' },
  ],
})

describe('validateRumBatch', () => {
  it('accepts a batch holding every event type', () => {
    const result = validateRumBatch(validBatch())
    expect(result).toEqual({ ok: true, batch: validBatch() })
    expect(isRumBatch(validBatch())).toBe(true)
  })

  it('points at the offending field of the offending event', () => {
    const batch = validBatch() as unknown as { events: Record<string, unknown>[] }
    batch.events[1]!.rating = 'great'
    const result = validateRumBatch(batch)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((i) => i.path)).toContain('/events/1/rating')
    expect(result.issues.every((i) => i.path.startsWith('/events/1'))).toBe(true)
    expect(isRumBatch(batch)).toBe(false)
  })

  it('accepts trace ids on any event and rejects ids of the wrong length or case', () => {
    const linked = validBatch() as unknown as { events: Record<string, unknown>[] }
    linked.events[0]!.traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
    linked.events[0]!.spanId = '00f067aa0ba902b7'
    expect(validateRumBatch(linked).ok).toBe(true)
    for (const [field, value] of [
      ['traceId', '4bf92f3577b34da6a3ce929d0e0e473'],
      ['traceId', '4BF92F3577B34DA6A3CE929D0E0E4736'],
      ['spanId', '00f067aa0ba902b7ff'],
      ['spanId', 'not-hex-at-all!!'],
    ] as const) {
      const batch = validBatch() as unknown as { events: Record<string, unknown>[] }
      batch.events[1]![field] = value
      const result = validateRumBatch(batch)
      if (result.ok) throw new Error(`expected ${field}=${value} to be rejected`)
      expect(result.issues.map((i) => i.path)).toContain(`/events/1/${field}`)
    }
  })

  it('rejects events without an id and unknown event types', () => {
    const batch = validBatch() as unknown as { events: Record<string, unknown>[] }
    delete batch.events[0]!.id
    batch.events[2]!.type = 'bogus'
    const result = validateRumBatch(batch)
    if (result.ok) throw new Error('expected failure')
    expect(result.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['/events/0/id', '/events/2/type']),
    )
  })

  it('rejects a wrong protocol version and a missing session in meta', () => {
    const batch = validBatch() as unknown as { meta: Record<string, unknown> }
    batch.meta.v = RUM_PROTOCOL_VERSION + 1
    delete batch.meta.session
    const result = validateRumBatch(batch)
    if (result.ok) throw new Error('expected failure')
    const paths = result.issues.map((i) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['/meta/v', '/meta/session']))
  })

  it('enforces size limits: events per batch, message length, stack depth', () => {
    const tooMany = validBatch()
    const one = tooMany.events[3]!
    tooMany.events = Array.from({ length: RumLimits.maxEventsPerBatch + 1 }, (_, i) => ({
      ...one,
      id: `a${i}`,
    }))
    const r1 = validateRumBatch(tooMany)
    if (r1.ok) throw new Error('expected failure')
    expect(r1.issues[0]!.path).toBe('/events')

    const long = validBatch() as unknown as { events: Record<string, unknown>[] }
    long.events[2]!.message = 'x'.repeat(RumLimits.maxMessage + 1)
    long.events[2]!.stack = Array.from({ length: RumLimits.maxStackFrames + 1 }, () => ({ line: 1 }))
    const r2 = validateRumBatch(long)
    if (r2.ok) throw new Error('expected failure')
    expect(r2.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['/events/2/message', '/events/2/stack']),
    )
  })

  it('rejects a zero or missing sample rate on an event, so weighting can never divide by zero', () => {
    const batch = validBatch() as unknown as { events: Record<string, unknown>[] }
    batch.events[0]!.sampleRate = 0
    delete batch.events[1]!.sampleRate
    const result = validateRumBatch(batch)
    if (result.ok) throw new Error('expected failure')
    expect(result.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['/events/0/sampleRate', '/events/1/sampleRate']),
    )
  })

  it('caps the number of issues reported for hostile input', () => {
    const batch = validBatch()
    batch.events = Array.from(
      { length: 100 },
      () => ({ type: 'action' }) as unknown as RumBatch['events'][number],
    )
    const result = validateRumBatch(batch, 5)
    if (result.ok) throw new Error('expected failure')
    expect(result.issues).toHaveLength(5)
  })

  it('rejects non-objects', () => {
    expect(validateRumBatch(null).ok).toBe(false)
    expect(validateRumBatch('[]').ok).toBe(false)
  })
})

describe('rateVital', () => {
  it('rates at the threshold edges as web.dev defines them', () => {
    for (const [name, [good, poor]] of Object.entries(VitalThresholds) as [
      keyof typeof VitalThresholds,
      readonly [number, number],
    ][]) {
      expect(rateVital(name, good)).toBe('good')
      expect(rateVital(name, good + 0.001)).toBe('needs-improvement')
      expect(rateVital(name, poor)).toBe('needs-improvement')
      expect(rateVital(name, poor + 0.001)).toBe('poor')
    }
  })
})
