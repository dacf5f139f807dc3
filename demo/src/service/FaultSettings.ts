/** A fault injected into one service instance, as `POST /__fault` takes it. */
export interface FaultSettings {
  /** Share of requests answered 500, in [0, 1]. */
  errorRate: number
  /** Delay added before every request, ms. */
  latencyMs: number
  /** How long the fault lasts, ms; 0 clears it. */
  forMs: number
  /** Burn one CPU core in a worker thread while the fault lasts. */
  cpuHog?: boolean
}

/** The fault in force, with the instant it ends (epoch ms). */
export interface ActiveFault extends Required<FaultSettings> {
  until: number
}

/** Checks a `POST /__fault` body; returns the problem, or the settings. */
export const parseFaultSettings = (body: unknown): FaultSettings | string => {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object'
  const { errorRate = 0, latencyMs = 0, forMs = 600_000, cpuHog = false } = body as Record<string, unknown>
  if (typeof errorRate !== 'number' || !(errorRate >= 0 && errorRate <= 1))
    return 'errorRate must be in [0, 1]'
  if (typeof latencyMs !== 'number' || !(latencyMs >= 0 && latencyMs <= 60_000))
    return 'latencyMs must be in [0, 60000]'
  if (typeof forMs !== 'number' || !(forMs >= 0 && forMs <= 86_400_000))
    return 'forMs must be in [0, 86400000]'
  if (typeof cpuHog !== 'boolean') return 'cpuHog must be a boolean'
  return { errorRate, latencyMs, forMs, cpuHog }
}
