import type { RumBatch } from '@vigil/protocol'
import { describe, expect, it } from 'vitest'
import type { SendResult, Transport } from './BeaconTransport.js'
import { manualTimers } from './manualTimers.js'
import { persistedQueue } from './persistedQueue.js'
import { KEEPALIVE_BUDGET, sender } from './sender.js'
import { testStore } from './testStore.js'

const batch = (n: number, pad = 0): RumBatch => ({
  meta: { v: 1, app: 'shop', session: 's1', sentAt: 0, sdk: { name: 'x', version: '1' }, sampleRate: 1 },
  events: [
    { id: `e${n}`, time: 1, view: 'v', sampleRate: 1, type: 'custom', name: `n${n}`.padEnd(pad + 2, 'x') },
  ],
})

const setup = (answers: SendResult[], beaconOk = true) => {
  const clock = manualTimers()
  const store = testStore()
  const queue = persistedQueue<RumBatch>({ key: 'q', maxItems: 10, maxBytes: 1_000_000, store: () => store })
  const sent: string[] = []
  const beacons: string[] = []
  const transport: Transport = {
    send: async (body) => {
      sent.push(body)
      return answers.shift() ?? { status: 200, retryAfter: null }
    },
    beacon: (body) => {
      beacons.push(body)
      return beaconOk
    },
  }
  let online = true
  const s = sender({
    queue,
    transport,
    now: clock.now,
    random: () => 1,
    timer: clock.timer,
    online: () => online,
  })
  return { s, queue, store, sent, beacons, clock, setOnline: (v: boolean) => (online = v) }
}

const flushPromises = () => new Promise((r) => setTimeout(r, 0))

describe('sender', () => {
  it('sends oldest first and removes acknowledged batches from the store', async () => {
    const { s, queue, store, sent } = setup([])
    queue.push(batch(1))
    queue.push(batch(2))
    await s.pump()
    expect(sent.map((b) => JSON.parse(b).events[0].id)).toEqual(['e1', 'e2'])
    expect(queue.all()).toEqual([])
    expect(store.data.has('q')).toBe(false)
  })
  it('keeps a batch answered 429 and retries it after Retry-After, with a fresh sentAt', async () => {
    const { s, queue, sent, clock } = setup([{ status: 429, retryAfter: '10' }])
    queue.push(batch(1))
    await s.pump()
    expect(sent).toHaveLength(1)
    expect(queue.all()).toHaveLength(1)
    clock.advance(9_000)
    await flushPromises()
    expect(sent).toHaveLength(1)
    clock.advance(2_000)
    await flushPromises()
    expect(sent).toHaveLength(2)
    expect(JSON.parse(sent[1]!).meta.sentAt).toBeGreaterThan(JSON.parse(sent[0]!).meta.sentAt)
    expect(queue.all()).toHaveLength(0)
  })
  it('drops a batch the collector rejects as invalid', async () => {
    const { s, queue } = setup([{ status: 400, retryAfter: null }])
    queue.push(batch(1))
    await s.pump()
    expect(queue.all()).toHaveLength(0)
  })
  it('waits while offline and sends when back online', async () => {
    const { s, queue, sent, setOnline } = setup([])
    setOnline(false)
    queue.push(batch(1))
    await s.pump()
    expect(sent).toHaveLength(0)
    setOnline(true)
    s.wake()
    await flushPromises()
    expect(sent).toHaveLength(1)
  })
  it('beacons at unload only what fits the keepalive budget and keeps the rest for the next load', () => {
    const { s, queue, beacons, store } = setup([])
    const big = Math.floor(KEEPALIVE_BUDGET / 3)
    for (let i = 0; i < 5; i++) queue.push(batch(i, big))
    s.unload()
    expect(beacons).toHaveLength(2)
    expect(beacons.reduce((n, b) => n + b.length, 0)).toBeLessThanOrEqual(KEEPALIVE_BUDGET)
    expect(JSON.parse(store.data.get('q')!)).toHaveLength(3)
  })
  it('keeps batches the browser refused to beacon', () => {
    const { s, queue } = setup([], false)
    queue.push(batch(1))
    s.unload()
    expect(queue.all()).toHaveLength(1)
  })
})

describe('persistedQueue', () => {
  it('is bounded by count and size, dropping the oldest', () => {
    const store = testStore()
    const q = persistedQueue<RumBatch>({ key: 'q', maxItems: 3, maxBytes: 100_000, store: () => store })
    for (let i = 0; i < 5; i++) q.push(batch(i))
    expect(q.all().map((b) => b.events[0]!.id)).toEqual(['e2', 'e3', 'e4'])
    const small = persistedQueue<RumBatch>({ key: 'q2', maxItems: 100, maxBytes: 1000, store: () => store })
    for (let i = 0; i < 5; i++) small.push(batch(i, 300))
    expect(JSON.stringify(small.all()).length).toBeLessThanOrEqual(1000)
    expect(small.all().at(-1)!.events[0]!.id).toBe('e4')
  })
  it('restores batches of an earlier page load ahead of new ones', () => {
    const store = testStore()
    const before = persistedQueue<RumBatch>({ key: 'q', maxItems: 10, maxBytes: 100_000, store: () => store })
    before.push(batch(1))
    const after = persistedQueue<RumBatch>({ key: 'q', maxItems: 10, maxBytes: 100_000, store: () => store })
    after.restore()
    after.push(batch(2))
    expect(after.all().map((b) => b.events[0]!.id)).toEqual(['e1', 'e2'])
  })
  it('keeps batches in memory only while no store is allowed, and clears the store', () => {
    const store = testStore()
    let allowed = false
    const q = persistedQueue<RumBatch>({
      key: 'q',
      maxItems: 10,
      maxBytes: 100_000,
      store: () => (allowed ? store : undefined),
    })
    q.push(batch(1))
    expect(store.data.size).toBe(0)
    allowed = true
    q.push(batch(2))
    expect(store.data.size).toBe(1)
    q.clear()
    expect(store.data.size).toBe(0)
  })
})
