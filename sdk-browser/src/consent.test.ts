import { describe, expect, it } from 'vitest'
import { consent } from './consent.js'

describe('consent', () => {
  it('passes items straight through when granted', () => {
    const out: number[] = []
    const c = consent<number>('granted', 3, (n) => out.push(n))
    c.push(1)
    expect(out).toEqual([1])
  })
  it('buffers at most max items while pending and releases them in order when granted', () => {
    const out: number[] = []
    const c = consent<number>('pending', 3, (n) => out.push(n))
    for (let i = 1; i <= 5; i++) c.push(i)
    expect(out).toEqual([])
    c.set('granted')
    expect(out).toEqual([1, 2, 3])
    c.push(6)
    expect(out).toEqual([1, 2, 3, 6])
  })
  it('drops the buffer and later items when denied', () => {
    const out: number[] = []
    const c = consent<number>('pending', 3, (n) => out.push(n))
    c.push(1)
    c.set('denied')
    c.push(2)
    c.set('granted')
    expect(out).toEqual([])
  })
})
