import { kv } from './kv.js'
import { newId } from './newId.js'
import type { KV } from './types.js'

/** A browser session: rotated after `idleMs` without events or `maxMs` after it began. */
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
  idleMs: number
  maxMs: number
  /** Storage to keep the session in, or undefined while consent is not granted (memory only). */
  store: () => KV | undefined
  key?: string
}

/** Cookie-less sessions kept in local storage (shared by tabs of the origin) once consent allows. */
export const session = (o: SessionOptions) => {
  const key = o.key ?? 'vigil.session'
  let s: SessionState | undefined
  const current = (): SessionState => {
    const t = o.now()
    s ??= kv.get<SessionState>(o.store(), key)
    if (!s || t - s.last > o.idleMs || t - s.start > o.maxMs) {
      s = { id: newId(), start: t, last: t, sampled: o.random() < o.sampleRate }
    }
    s.last = t
    kv.set(o.store(), key, s)
    return s
  }
  return { current, forget: () => kv.set(o.store() ?? globalThis.localStorage, key, undefined) }
}
