import type { RumEvent } from '@vigil/protocol'

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** An event as instrumentations produce it; the pipeline adds id, time, view and sample rate. */
export type EventInput = DistributiveOmit<RumEvent, 'id' | 'time' | 'view' | 'sampleRate'> & {
  view?: string
  time?: number
}

/** Hands an event to the pipeline. */
export type Emit = (event: EventInput) => void

/** The subset of the Web Storage API the SDK uses; lets tests pass a Map-backed store. */
export interface KV {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** Schedules `fn` after `ms`; answers a handle for `clearTimeout`. */
export type Timer = (fn: () => void, ms: number) => unknown
