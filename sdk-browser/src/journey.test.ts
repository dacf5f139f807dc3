import type { JourneyEvent } from '@vigil/protocol'
import { describe, expect, it } from 'vitest'
import { journeys } from './journey.js'
import { matchRoute } from './matchRoute.js'

type Out = Omit<JourneyEvent, 'id' | 'time' | 'view' | 'sampleRate'>
const setup = () => {
  let t = 0
  const out: Out[] = []
  const j = journeys({
    emit: (e) => out.push(e),
    now: () => t,
    timeoutMs: 60_000,
    definitions: [
      {
        name: 'checkout',
        steps: [
          { name: 'cart', route: '/cart' },
          { name: 'payment', route: '/checkout/:step' },
          { name: 'confirmation', route: '/order/*' },
        ],
      },
    ],
  })
  return { j, out, advance: (ms: number) => (t += ms) }
}
const statuses = (out: Out[]) => out.map((e) => [e.step, e.status, e.duration])

describe('journeys in code', () => {
  it('emits started for the journey and each step, then one outcome', () => {
    const { j, out, advance } = setup()
    const h = j.start('checkout').step('cart')
    advance(1000)
    h.step('payment')
    advance(500)
    h.complete()
    h.fail('late')
    h.step('ignored')
    expect(statuses(out)).toEqual([
      [undefined, 'started', 0],
      ['cart', 'started', 0],
      ['payment', 'started', 1000],
      ['payment', 'completed', 1500],
    ])
    expect(new Set(out.map((e) => e.journeyId)).size).toBe(1)
  })
  it('fails with a masked reason', () => {
    const { j, out } = setup()
    j.start('login').fail('account 12345678 locked')
    expect(out.at(-1)).toMatchObject({ status: 'failed', reason: 'account <num> locked' })
  })
  it('abandons the earlier instance when a journey restarts', () => {
    const { j, out } = setup()
    const first = j.start('search')
    j.start('search')
    expect(out.filter((e) => e.status === 'abandoned').map((e) => e.journeyId)).toEqual([first.id])
  })
  it('abandons after the timeout, with the duration until the last step', () => {
    const { j, out, advance } = setup()
    j.start('search').step('results')
    advance(10_000)
    j.abandon(10_000)
    expect(out.some((e) => e.status === 'abandoned')).toBe(false)
    advance(60_000)
    j.abandon(70_000)
    expect(out.at(-1)).toMatchObject({ status: 'abandoned', step: 'results', duration: 0 })
  })
  it('abandons everything at pagehide and tracks the current journey for baggage', () => {
    const { j, out } = setup()
    j.start('a').step('one')
    j.start('b')
    expect(j.current()).toEqual({ journey: 'b', step: undefined })
    j.abandon()
    expect(out.filter((e) => e.status === 'abandoned')).toHaveLength(2)
    expect(j.current()).toBeUndefined()
  })
})

describe('declarative journeys', () => {
  it('start on the first step route, step on middle ones and complete on the last', () => {
    const { j, out } = setup()
    j.route('/products')
    j.route('/cart')
    j.route('/checkout/payment')
    j.route('/checkout/payment')
    j.route('/order/A123')
    expect(statuses(out).map(([s, st]) => [s, st])).toEqual([
      [undefined, 'started'],
      ['cart', 'started'],
      ['payment', 'started'],
      ['confirmation', 'completed'],
    ])
  })
  it('do not start from a deep link into a later step', () => {
    const { j, out } = setup()
    j.route('/checkout/payment')
    j.route('/order/1')
    expect(out).toEqual([])
  })
})

describe('matchRoute', () => {
  it('matches params, wildcards and an optional trailing slash', () => {
    expect(matchRoute('/order/:id', '/order/42')).toBe(true)
    expect(matchRoute('/order/:id', '/order/42/')).toBe(true)
    expect(matchRoute('/order/:id', '/order/42/items')).toBe(false)
    expect(matchRoute('/docs/*', '/docs/a/b')).toBe(true)
    expect(matchRoute('/a.b', '/aXb')).toBe(false)
    expect(matchRoute('/', '/')).toBe(true)
  })
})
