import type { RumEvent } from '@vigil/protocol'
import type { ConsentState } from './consent.js'
import type { JourneyDefinition } from './journey.js'

/** Options of `init`. Only `app` and `endpoint` are required. */
export interface VigilConfig {
  /** Application name, as configured in the collector. */
  app: string
  /** Collector base URL, e.g. `https://rum.example.com` or `/vigil` behind the app's own proxy. */
  endpoint: string
  /** Ingest key of the app; sent in the body because beacons cannot set headers. */
  key?: string
  release?: string
  environment?: string
  /** Journeys driven by route patterns; code can also call `journey(name)`. */
  journeys?: JourneyDefinition[]
  /** Share of sessions to record, in (0, 1]; default 1. Every event carries it. */
  sampleRate?: number
  /** Default `granted`. With `pending`, events wait in memory until `setConsent('granted')`. */
  consent?: ConsentState
  /** Last look at each event: return it (edited or not) to send, or null/false to drop. */
  beforeSend?: (event: RumEvent) => RumEvent | null | undefined | false
  /** URL scrubbing: query parameters allowed through (all others and fragments are removed). */
  scrub?: { allowParams?: string[] }
  /** Log SDK problems to the console. */
  debug?: boolean
  /** Flush a batch this long after its first event; default 5000 ms. */
  flushInterval?: number
  /** Abandon a journey after this long without a step; default 30 min. */
  journeyTimeout?: number
}

/** Configuration with every default applied. */
export type Config = Required<
  Omit<VigilConfig, 'key' | 'release' | 'environment' | 'beforeSend' | 'journeys' | 'debug' | 'scrub'>
> &
  Pick<VigilConfig, 'key' | 'release' | 'environment' | 'beforeSend' | 'journeys' | 'debug' | 'scrub'> & {
    url: string
  }

/**
 * Applies defaults in one place; an invalid sample rate falls back to 1. `journeys`, `debug` and
 * `scrub` need none: their absence means none, off, and no allowed query parameters.
 */
export const makeConfig = (c: VigilConfig): Config => {
  const rate = c.sampleRate ?? 1
  return {
    consent: 'granted',
    flushInterval: 5000,
    journeyTimeout: 1_800_000,
    ...c,
    sampleRate: rate > 0 && rate <= 1 ? rate : 1,
    url: `${c.endpoint.replace(/\/+$/, '')}/rum/v1/events`,
  }
}
