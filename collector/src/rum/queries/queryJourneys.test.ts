import type { RumEvent } from '@vigil/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rumConnection } from '../testing/rumConnection.js'
import { rumRows } from '../testing/rumRows.js'
import { sampleEvent, sampleSentAt } from '../testing/sampleBatch.js'
import { queryJourneys } from './queryJourneys.js'

const ns = (ms: number) => BigInt(ms) * 1_000_000n
const window = { fromNs: ns(sampleSentAt - 3_600_000), toNs: ns(sampleSentAt + 1) }

type Status = 'started' | 'completed' | 'failed' | 'abandoned'
let n = 0
const at = (journeyId: string, status: Status, duration: number, step?: string): RumEvent =>
  sampleEvent(
    n++,
    { type: 'journey', journey: 'checkout', journeyId, status, duration, ...(step ? { step } : {}) },
    { time: sampleSentAt - 60_000 + duration },
  )

/** One checkout instance: journey start, each step start at its time, then an outcome (or none). */
const instance = (id: string, steps: [string, number][], outcome?: [Status, number, string]): RumEvent[] => [
  at(id, 'started', 0),
  ...steps.map(([step, time]) => at(id, 'started', time, step)),
  ...(outcome ? [at(id, outcome[0], outcome[1], outcome[2])] : []),
]

const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  const h = (sorted.length - 1) * p
  const lo = sorted[Math.floor(h)] ?? Number.NaN
  const hi = sorted[Math.ceil(h)] ?? Number.NaN
  return lo + (h - Math.floor(h)) * (hi - lo)
}

describe('queryJourneys', () => {
  let db: Awaited<ReturnType<typeof rumConnection>>

  beforeAll(async () => {
    db = await rumConnection()
    await db.commit(
      rumRows([
        ...instance(
          'j1',
          [
            ['cart', 0],
            ['payment', 4_000],
          ],
          ['completed', 9_000, 'confirmation'],
        ),
        ...instance(
          'j2',
          [
            ['cart', 0],
            ['payment', 2_000],
          ],
          ['failed', 3_000, 'payment'],
        ),
      ]),
    )
    // Outcome in a later batch, and a retry of it: stored once.
    const j3 = instance(
      'j3',
      [
        ['cart', 0],
        ['payment', 6_000],
      ],
      ['completed', 7_000, 'confirmation'],
    )
    await db.commit(rumRows(j3.slice(0, 3)))
    await db.commit(rumRows(j3), rumRows(j3))
    await db.commit(rumRows(instance('j4', [['cart', 0]], ['abandoned', 30_000, 'cart'])))
    await db.commit(rumRows(instance('j5', [['cart', 0]])))
  })

  afterAll(async () => {
    await db.close()
  })

  it('counts instances by outcome', async () => {
    const [checkout] = await queryJourneys(db.connection, window)
    expect(checkout).toMatchObject({
      app: 'shop',
      journey: 'checkout',
      attempts: 5,
      completions: 2,
      failures: 1,
      abandons: 1,
      open: 1,
    })
    expect(checkout?.completionP50Ms).toBe(quantile([9_000, 7_000], 0.5))
  })

  it('lists the step funnel in order with exits and time spent per step', async () => {
    const [checkout] = await queryJourneys(db.connection, window)
    expect(checkout?.steps.map((s) => s.step)).toEqual(['cart', 'payment', 'confirmation'])
    const [cart, payment, confirmation] = checkout?.steps ?? []
    expect(cart).toMatchObject({ reached: 5, failedHere: 0, abandonedHere: 1 })
    // Time in cart: until payment started, or until abandoned; j5 has no next event yet.
    const inCart = [4_000, 2_000, 6_000, 30_000]
    expect(cart?.p50Ms).toBeCloseTo(quantile(inCart, 0.5), 9)
    expect(cart?.p95Ms).toBeCloseTo(quantile(inCart, 0.95), 9)
    expect(payment).toMatchObject({ reached: 3, failedHere: 1 })
    expect(payment?.p75Ms).toBeCloseTo(quantile([5_000, 1_000, 1_000], 0.75), 9)
    expect(confirmation?.reached).toBe(2)
  })

  it('answers nothing outside the window or for another app', async () => {
    expect(await queryJourneys(db.connection, { ...window, app: 'admin' })).toEqual([])
    expect(await queryJourneys(db.connection, { fromNs: window.toNs, toNs: window.toNs + 10n })).toEqual([])
  })
})
