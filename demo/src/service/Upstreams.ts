/** The answer of another service, passed on as it came. */
export interface UpstreamReply {
  status: number
  body: unknown
}

/**
 * Calls other services with the global `fetch`, so the SDK's undici instrumentation makes a CLIENT span
 * and propagates `traceparent` and the journey baggage. Instances of one service take turns.
 */
export class Upstreams {
  private readonly turn = new Map<string, number>()

  constructor(private readonly urls: Record<string, string[]>) {}

  async call(
    service: string,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<UpstreamReply> {
    const instances = this.urls[service] ?? []
    if (instances.length === 0) return { status: 503, body: { error: `no instance of ${service}` } }
    const n = this.turn.get(service) ?? 0
    this.turn.set(service, n + 1)
    const base = instances[n % instances.length]
    try {
      const response = await fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        ...(init.body === undefined
          ? {}
          : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
        signal: AbortSignal.timeout(10_000),
      })
      const text = await response.text()
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null }
    } catch (error) {
      return { status: 502, body: { error: `${service} unreachable: ${(error as Error).message}` } }
    }
  }
}
