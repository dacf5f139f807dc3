import { describe, expect, it } from 'vitest'
import { session } from './session.js'
import { testStore } from './testStore.js'

const MIN = 60_000
const setup = (opts: { rate?: number; random?: number; persist?: boolean } = {}) => {
  let t = 1_000_000
  const store = testStore()
  const s = session({
    now: () => t,
    random: () => opts.random ?? 0.5,
    sampleRate: opts.rate ?? 1,
    store: () => (opts.persist === false ? undefined : store),
  })
  return { s, store, advance: (ms: number) => (t += ms) }
}

describe('session', () => {
  it('keeps the id while events keep coming within the idle limit', () => {
    const { s, advance } = setup()
    const id = s.current().id
    for (let i = 0; i < 10; i++) {
      advance(14 * MIN)
      expect(s.current().id).toBe(id)
    }
  })
  it('rotates after 15 minutes idle', () => {
    const { s, advance } = setup()
    const id = s.current().id
    advance(15 * MIN + 1)
    expect(s.current().id).not.toBe(id)
  })
  it('rotates after 4 hours even when active', () => {
    const { s, advance } = setup()
    const id = s.current().id
    for (let i = 0; i < 24; i++) advance(10 * MIN)
    expect(s.current().id).not.toBe(id)
  })
  it('is shared through the store, like a second tab or the next page load', () => {
    const { s, store } = setup()
    const id = s.current().id
    const other = session({
      now: () => 1_000_000,
      random: () => 0.5,
      sampleRate: 1,
      store: () => store,
    })
    expect(other.current().id).toBe(id)
  })
  it('stores nothing when no store is allowed (consent not granted)', () => {
    const { s, store } = setup({ persist: false })
    s.current()
    expect(store.data.size).toBe(0)
  })
  it('samples per session from the rate', () => {
    expect(setup({ rate: 0.25, random: 0.2 }).s.current().sampled).toBe(true)
    expect(setup({ rate: 0.25, random: 0.3 }).s.current().sampled).toBe(false)
  })
  it('forgets the stored session', () => {
    const { s, store } = setup()
    s.current()
    s.forget()
    expect(store.data.size).toBe(0)
  })
})
