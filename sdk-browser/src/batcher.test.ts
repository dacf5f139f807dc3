import { describe, expect, it } from 'vitest'
import { batcher } from './batcher.js'
import { manualTimers } from './manualTimers.js'

const setup = (maxItems = 3, maxBytes = 1000) => {
  const clock = manualTimers()
  const out: string[][] = []
  const b = batcher<string>({ maxItems, maxBytes, delayMs: 5000, flush: (i) => out.push(i), ...clock })
  return { b, out, clock }
}

describe('batcher', () => {
  it('flushes when the batch reaches its item count', () => {
    const { b, out } = setup()
    for (const x of ['a', 'b', 'c', 'd']) b.add(x)
    expect(out).toEqual([['a', 'b', 'c']])
    b.flush()
    expect(out).toEqual([['a', 'b', 'c'], ['d']])
  })
  it('flushes on time, measured from the first item', () => {
    const { b, out, clock } = setup()
    b.add('a')
    clock.advance(4000)
    b.add('b')
    expect(out).toEqual([])
    clock.advance(1000)
    expect(out).toEqual([['a', 'b']])
  })
  it('flushes before an item would exceed the size budget', () => {
    const { b, out } = setup(100, 25)
    b.add('x'.repeat(10))
    b.add('y'.repeat(10))
    expect(out).toEqual([['x'.repeat(10)]])
    b.flush()
    expect(out).toEqual([['x'.repeat(10)], ['y'.repeat(10)]])
  })
  it('flushes on demand, cancels the timer, and ignores an empty flush', () => {
    const { b, out, clock } = setup()
    b.flush()
    b.add('a')
    b.flush()
    expect(out).toEqual([['a']])
    expect(clock.count()).toBe(0)
  })
})
