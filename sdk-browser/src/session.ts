import { kvGet, kvSet } from './kv.js'
import { newId } from './newId.js'
import type { KV } from './types.js'

/** A session ends after 15 minutes without events (issue 3). */
export const SESSION_IDLE_MS = 900_000
/** A session ends 4 hours after it began, however active (issue 3). */
export const SESSION_MAX_MS = 14_400_000

/** A browser session: rotated after {@link SESSION_IDLE_MS} without events or {@link SESSION_MAX_MS} after it began. */
export interface SessionState {
  id: string
  start: number
  last: number
  /** Whether this session's events are sent; drawn once per session from the sample rate. */
  sampled: boolean
}

/** Options of {@link session}; the clock, randomness and store are injected for tests. */
export interface SessionOptions {
  now: () => number
  random: () => number
  sampleRate: number
  /** Storage to keep the session in, or undefined while consent is not granted (memory only). */
  store: () => KV | undefined
}

/** Cookie-less sessions kept in local storage (shared by tabs of the origin) once consent allows. */
export const session = (o: SessionOptions) => {
  const key = 'vigil.session'
  let s: SessionState | undefined
  const current = (): SessionState => {
    const t = o.now()
    s ??= kvGet<SessionState>(o.store(), key)
    if (!s || t - s.last > SESSION_IDLE_MS || t - s.start > SESSION_MAX_MS) {
      s = { id: newId(), start: t, last: t, sampled: o.random() < o.sampleRate }
    }
    s.last = t
    kvSet(o.store(), key, s)
    return s
  }
  return { current, forget: () => kvSet(o.store() ?? globalThis.localStorage, key, undefined) }
}
