import { validateRumBatch } from '@vigil/protocol'
import { describe, expect, it } from 'vitest'
import { generateSession, type SyntheticSession, syntheticProfile } from './generateSession.js'
import { mulberry32 } from './mulberry32.js'

const start = Date.UTC(2026, 0, 15, 14, 0, 0)

const sessions = (seed: number, n: number): SyntheticSession[] => {
  const random = mulberry32(seed)
  return Array.from({ length: n }, (_, i) => generateSession(random, start + i * 60_000, i))
}

type JourneyOf<T> = Extract<T, { type: 'journey' }>
type Journey = JourneyOf<SyntheticSession['rum']['events'][number]>
const journeyEvents = (s: SyntheticSession) => s.rum.events.filter((e): e is Journey => e.type === 'journey')

/** Four standard deviations of a binomial share: wide enough never to flake, narrow enough to catch a wrong rate. */
const tolerance = (p: number, n: number) => 4 * Math.sqrt((p * (1 - p)) / n)

describe('generateSession', () => {
  const sample = sessions(1, 4000)

  it('gives the same visits for the same seed, and other visits for another seed', () => {
    expect(sessions(42, 20)).toEqual(sessions(42, 20))
    expect(sessions(43, 20)).not.toEqual(sessions(42, 20))
  })

  it('writes batches the collector accepts: each one valid against the RUM schema', () => {
    for (const s of sample.slice(0, 500)) {
      const result = validateRumBatch(s.rum)
      expect(result.ok ? [] : result.issues, s.rum.meta.session).toEqual([])
    }
  })

  it('keeps time moving forward within a visit, from its start', () => {
    for (const [i, s] of sample.slice(0, 500).entries()) {
      const times = s.rum.events.map((e) => e.time)
      expect(times[0]).toBe(start + i * 60_000)
      expect(times).toEqual([...times].sort((a, b) => a - b))
    }
  })

  it('mixes the journeys as the profile says', () => {
    const n = sample.length
    for (const [name, share] of Object.entries(syntheticProfile.journeys)) {
      const seen = sample.filter((s) => journeyEvents(s)[0]?.journey === name).length / n
      expect(Math.abs(seen - share), name).toBeLessThan(tolerance(share, n))
    }
  })

  it('ends every journey with exactly one outcome, last', () => {
    for (const s of sample) {
      const events = journeyEvents(s)
      const outcomes = events.filter((e) => e.status !== 'started')
      expect(outcomes).toHaveLength(1)
      expect(events.at(-1)).toBe(outcomes[0])
      expect(new Set(events.map((e) => e.journeyId)).size).toBe(1)
    }
  })

  it('loses checkout users step by step, at the profile’s drop-off, and a few payments fail', () => {
    const checkouts = sample.filter((s) => journeyEvents(s)[0]?.journey === 'checkout')
    const reached = (step: string) =>
      checkouts.filter((s) => journeyEvents(s).some((e) => e.status === 'started' && e.step === step)).length
    const [cart, shipping, payment, confirmation] = syntheticProfile.checkoutSteps.map(reached)
    expect(cart).toBe(checkouts.length)
    const keep = 1 - syntheticProfile.checkoutDropOff
    expect(Math.abs(shipping! / cart! - keep)).toBeLessThan(tolerance(keep, cart!))
    expect(Math.abs(payment! / shipping! - keep)).toBeLessThan(tolerance(keep, shipping!))
    expect(confirmation).toBeLessThanOrEqual(payment!)

    const outcome = (s: SyntheticSession) => journeyEvents(s).at(-1)
    const completed = checkouts.filter((s) => outcome(s)?.status === 'completed').length
    expect(completed).toBe(confirmation)
    const failedAtPayment = checkouts.filter(
      (s) => outcome(s)?.status === 'failed' && outcome(s)?.step === 'payment',
    )
    expect(failedAtPayment.length).toBe(payment! - confirmation!)
    expect(failedAtPayment.length).toBeGreaterThan(0)
    expect(failedAtPayment.length / payment!).toBeLessThan(0.05)
  })

  it('traces every API call gateway → service → database, stamped with the visit’s journey', () => {
    for (const s of sample.slice(0, 500)) {
      const journey = journeyEvents(s)[0]?.journey
      const byId = new Map(s.spans.map(({ span }) => [span.spanId, span]))
      for (const { service, host, span } of s.spans) {
        const attr = (key: string) => span.attributes.find((a) => a.key === key)?.value.stringValue
        expect(attr('session.id')).toBe(s.rum.meta.session)
        const journeyName = attr('journey.name')
        if (journeyName !== undefined) expect(journeyName).toBe(journey)
        expect(BigInt(span.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(span.startTimeUnixNano))
        if (service === 'gateway') {
          expect(span).toMatchObject({ kind: 2, parentSpanId: '' })
          expect(host).toBe('demo-host-a')
          continue
        }
        const parent = byId.get(span.parentSpanId)
        expect(parent?.traceId).toBe(span.traceId)
        if (span.kind === 3) {
          expect(attr('db.system.name')).toBe('duckdb')
          expect(parent?.kind).toBe(2)
        } else {
          expect(span.kind).toBe(2)
          expect(s.spans.find((x) => x.span === parent)?.service).toBe('gateway')
        }
      }
    }
  })
})
