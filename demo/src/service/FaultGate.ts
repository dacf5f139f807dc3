import { cpuHog } from './cpuHog.js'
import type { ActiveFault, FaultSettings } from './FaultSettings.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The error a fault raises; Fastify answers it with a 500. */
export class InjectedFault extends Error {
  override readonly name = 'InjectedFault'
  readonly statusCode = 500
}

/**
 * The fault in force in one service instance. Code passes through `check()` where the service does its
 * real work (inside each database query, or at the start of a handler that has none), so an injected
 * failure marks that work's spans as errors just as a real outage would.
 */
export class FaultGate {
  private fault: ActiveFault | undefined
  private stopHog: (() => void) | undefined

  constructor(
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {}

  /** The fault in force, or undefined once it has expired. */
  current(): ActiveFault | undefined {
    if (this.fault && this.now() >= this.fault.until) this.clear()
    return this.fault
  }

  /** Replaces the fault; `forMs: 0` clears it. */
  set(settings: FaultSettings): ActiveFault | undefined {
    this.clear()
    if (settings.forMs === 0) return undefined
    this.fault = { ...settings, cpuHog: settings.cpuHog ?? false, until: this.now() + settings.forMs }
    if (this.fault.cpuHog) this.stopHog = cpuHog(settings.forMs)
    return this.fault
  }

  clear(): void {
    this.fault = undefined
    this.stopHog?.()
    this.stopHog = undefined
  }

  /** Waits the injected latency, then throws `InjectedFault` for the injected share of calls. */
  async check(what: string): Promise<void> {
    const fault = this.current()
    if (!fault) return
    if (fault.latencyMs > 0) await sleep(fault.latencyMs)
    if (this.random() < fault.errorRate) throw new InjectedFault(`injected fault: ${what} failed`)
  }
}
