import { describe, expect, it } from 'vitest'
import { ACTION_MAX_MS, actionTracker } from './actionTracker.js'
import { manualTimers } from './manualTimers.js'

const setup = () => {
  const clock = manualTimers()
  let pending = 0
  const done: number[] = []
  const t = actionTracker({ ...clock, pending: () => pending })
  return { t, clock, done, setPending: (n: number) => (pending = n) }
}

describe('actionTracker', () => {
  it('lasts 0 ms when nothing happens after the action', () => {
    const { t, clock, done } = setup()
    t.start(clock.now(), (d) => done.push(d))
    clock.advance(1000)
    expect(done).toEqual([0])
  })
  it('runs until the last activity once requests are done and the page is quiet', () => {
    const { t, clock, done, setPending } = setup()
    t.start(clock.now(), (d) => done.push(d))
    setPending(1)
    t.activity()
    clock.advance(700)
    expect(done).toEqual([])
    setPending(0)
    t.activity()
    clock.advance(50)
    t.activity()
    clock.advance(1000)
    expect(done).toEqual([750])
    // finished: later activity neither reopens it nor reports again
    t.activity()
    clock.advance(20_000)
    expect(done).toEqual([750])
  })
  it('stops following after the cap', () => {
    const { t, clock, done, setPending } = setup()
    t.start(clock.now(), (d) => done.push(d))
    setPending(1)
    for (let i = 0; i < 200; i++) {
      clock.advance(90)
      t.activity()
    }
    expect(done).toEqual([ACTION_MAX_MS])
  })
  it('ends the previous action when a new one starts', () => {
    const { t, clock, done } = setup()
    t.start(clock.now(), (d) => done.push(d))
    clock.advance(30)
    t.activity()
    t.start(clock.now(), (d) => done.push(d))
    expect(done).toEqual([30])
  })
})
