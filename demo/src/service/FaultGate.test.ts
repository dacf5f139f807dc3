import { afterEach, describe, expect, it, vi } from 'vitest'
import { FaultGate, InjectedFault } from './FaultGate.js'
import { parseFaultSettings } from './FaultSettings.js'

/** A gate with a hand-driven clock and a fixed sequence of "random" draws. */
const gateWith = (draws: number[], start = 1_000_000) => {
  let now = start
  let i = 0
  const gate = new FaultGate(
    () => draws[i++ % draws.length] ?? 0,
    () => now,
  )
  return { gate, advance: (ms: number) => (now += ms) }
}

describe('FaultGate', () => {
  afterEach(() => vi.useRealTimers())

  it('lets every call through when no fault is set', async () => {
    const { gate } = gateWith([0])
    expect(gate.current()).toBeUndefined()
    await expect(gate.check('SELECT products')).resolves.toBeUndefined()
  })

  it('fails exactly the calls whose draw falls below the error rate, as a 500', async () => {
    const draws = [0.1, 0.5, 0.29, 0.3, 0.95]
    const { gate } = gateWith(draws)
    gate.set({ errorRate: 0.3, latencyMs: 0, forMs: 60_000 })
    const outcomes = await Promise.all(
      draws.map((_, n) =>
        gate.check(`call ${n}`).then(
          () => 'ok',
          (e: unknown) => e,
        ),
      ),
    )
    expect(outcomes.map((o) => (o === 'ok' ? 'ok' : 'failed'))).toEqual(
      draws.map((d) => (d < 0.3 ? 'failed' : 'ok')),
    )
    const failure = outcomes.find((o) => o !== 'ok')
    expect(failure).toBeInstanceOf(InjectedFault)
    expect(failure).toMatchObject({ statusCode: 500, message: 'injected fault: call 0 failed' })
  })

  it('reports the fault with its end, and forgets it once it expired', async () => {
    const { gate, advance } = gateWith([0])
    const fault = gate.set({ errorRate: 1, latencyMs: 0, forMs: 10_000 })
    expect(fault).toEqual({ errorRate: 1, latencyMs: 0, forMs: 10_000, cpuHog: false, until: 1_010_000 })
    advance(9_999)
    await expect(gate.check('pay')).rejects.toBeInstanceOf(InjectedFault)
    advance(1)
    expect(gate.current()).toBeUndefined()
    await expect(gate.check('pay')).resolves.toBeUndefined()
  })

  it('clears the fault when set with forMs 0, and a new fault replaces the old one', async () => {
    const { gate } = gateWith([0])
    gate.set({ errorRate: 1, latencyMs: 0, forMs: 60_000 })
    expect(gate.set({ errorRate: 1, latencyMs: 0, forMs: 0 })).toBeUndefined()
    await expect(gate.check('cart')).resolves.toBeUndefined()
    gate.set({ errorRate: 1, latencyMs: 0, forMs: 60_000 })
    gate.set({ errorRate: 0, latencyMs: 0, forMs: 60_000 })
    await expect(gate.check('cart')).resolves.toBeUndefined()
  })

  it('holds each call for the injected latency before answering', async () => {
    vi.useFakeTimers()
    const { gate } = gateWith([0.9])
    gate.set({ errorRate: 0.5, latencyMs: 800, forMs: 60_000 })
    let settled = false
    const call = gate.check('search').then(() => {
      settled = true
    })
    await vi.advanceTimersByTimeAsync(799)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await call
    expect(settled).toBe(true)
  })
})

describe('parseFaultSettings', () => {
  it('fills defaults: no errors, no latency, ten minutes, no CPU hog', () => {
    expect(parseFaultSettings({})).toEqual({ errorRate: 0, latencyMs: 0, forMs: 600_000, cpuHog: false })
  })

  it.each([
    [null, 'body must be a JSON object'],
    [{ errorRate: 1.2 }, 'errorRate must be in [0, 1]'],
    [{ errorRate: '0.3' }, 'errorRate must be in [0, 1]'],
    [{ latencyMs: -1 }, 'latencyMs must be in [0, 60000]'],
    [{ latencyMs: 60_001 }, 'latencyMs must be in [0, 60000]'],
    [{ forMs: Number.NaN }, 'forMs must be in [0, 86400000]'],
    [{ cpuHog: 'yes' }, 'cpuHog must be a boolean'],
  ])('refuses %j', (body, problem) => {
    expect(parseFaultSettings(body)).toBe(problem)
  })
})
