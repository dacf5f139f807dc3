import { generateSession, type SyntheticSession } from './generateSession.js'
import { mulberry32 } from './mulberry32.js'

/** Options of `sendSynthetic`. */
export interface SyntheticOptions {
  collector: string
  /** Visits to generate; each is about 20 RUM events and 5 spans. */
  sessions: number
  /** Visits are spread over [from, to) (epoch ms), denser in the afternoon (UTC). */
  from: number
  to: number
  seed: number
  /** Requests in flight at once (default 64: the collector commits concurrent requests together). */
  concurrency?: number
  /** Stops generating; what is in flight is still awaited. */
  signal?: AbortSignal
  log?: (line: string) => void
}

/** What was sent and what the collector refused. */
export interface SyntheticResult {
  sessions: number
  rumEvents: number
  spans: number
  failedRequests: number
  /** False when `signal` stopped it early. */
  complete: boolean
}

const SESSIONS_PER_TRACE_POST = 100

const post = async (url: string, body: unknown): Promise<boolean> => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    await response.arrayBuffer()
    return response.ok
  } catch {
    return false
  }
}

const toOtlp = (sessions: SyntheticSession[]) => {
  const byResource = new Map<string, { service: string; host: string; spans: unknown[] }>()
  for (const { spans } of sessions) {
    for (const { service, host, span } of spans) {
      const key = `${service}@${host}`
      const entry = byResource.get(key) ?? { service, host, spans: [] }
      byResource.set(key, entry)
      entry.spans.push(span)
    }
  }
  return {
    resourceSpans: [...byResource.values()].map(({ service, host, spans }) => ({
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: service } },
          { key: 'host.name', value: { stringValue: host } },
          { key: 'deployment.environment', value: { stringValue: 'demo' } },
        ],
      },
      scopeSpans: [{ scope: { name: '@vigil/demo-synthetic' }, spans }],
    })),
  }
}

/**
 * Generates visits with the seeded PRNG and posts them to the collector's public ingest endpoints:
 * one RUM batch per visit (`/rum/v1/events`) and OTLP/JSON spans (`/v1/traces`) per hundred visits.
 */
export const sendSynthetic = async (options: SyntheticOptions): Promise<SyntheticResult> => {
  const random = mulberry32(options.seed)
  const span = options.to - options.from
  const result: SyntheticResult = { sessions: 0, rumEvents: 0, spans: 0, failedRequests: 0, complete: true }
  const concurrency = options.concurrency ?? 64
  const started = Date.now()
  const inFlight = new Set<Promise<void>>()
  const send = async (url: string, body: unknown) => {
    const task = post(url, body).then((ok) => {
      if (!ok) result.failedRequests++
      inFlight.delete(task)
    })
    inFlight.add(task)
    if (inFlight.size >= concurrency) await Promise.race(inFlight)
  }
  let pending: SyntheticSession[] = []
  const step = Math.max(1, Math.floor(options.sessions / 10))
  for (let i = 0; i < options.sessions; i++) {
    if (options.signal?.aborted) {
      result.complete = false
      break
    }
    // Rejection sampling for a day curve: quiet at night, busiest mid-afternoon UTC.
    let at = options.from + random() * span
    while (random() > 0.35 + 0.65 * Math.sin((Math.PI * ((at / 3_600_000) % 24)) / 24) ** 2) {
      at = options.from + random() * span
    }
    const session = generateSession(random, at, i)
    pending.push(session)
    result.sessions++
    result.rumEvents += session.rum.events.length
    result.spans += session.spans.length
    // Sent now: the collector corrects clock skew from `sentAt`, so a past `sentAt` would move the
    // visit to the present. Old events in a batch sent now are kept as they are (an offline queue).
    await send(`${options.collector}/rum/v1/events`, {
      ...session.rum,
      meta: { ...session.rum.meta, sentAt: Date.now() },
    })
    if (pending.length === SESSIONS_PER_TRACE_POST) {
      await send(`${options.collector}/v1/traces`, toOtlp(pending))
      pending = []
    }
    if ((i + 1) % step === 0) {
      const seconds = (Date.now() - started) / 1000
      options.log?.(
        `  ${i + 1}/${options.sessions} visits (${result.rumEvents} RUM events, ${result.spans} spans) in ${seconds.toFixed(0)} s`,
      )
    }
  }
  if (pending.length > 0) await send(`${options.collector}/v1/traces`, toOtlp(pending))
  await Promise.all(inFlight)
  return result
}
