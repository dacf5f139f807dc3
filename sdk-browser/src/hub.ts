import type { ConsentState } from './consent.js'
import type { JourneyHandle } from './journey.js'
import type { TraceLink } from './traceLink.js'

/**
 * Context the tracing entry propagates in W3C `baggage` (`session.id`, journey and step). Empty
 * until `init` ran and consent is granted, so nothing identifying leaves the page before that.
 */
export interface VigilContext {
  /** Current session id (`session.id`). */
  sessionId?: string
  /** Journey most recently started or stepped, and its current step. */
  journey?: string
  step?: string
}

/** The running SDK, set by `init`. */
export interface Client {
  journey(name: string): JourneyHandle
  track(name: string, attributes?: Record<string, string | number | boolean>): void
  measure(name: string, value: number, unit?: string): void
  captureError(error: unknown): void
  setConsent(state: ConsentState): void
  flush(): void
  context(): VigilContext
}

/**
 * Holds the client so the public functions work before and after `init` without throwing (a call
 * between `init` and the SDK's deferred start starts it), and the tracing entry's trace link.
 */
export const hub: {
  client?: Client | undefined
  /** Set by `init` until the SDK started: starts it and answers the client. */
  boot?: (() => Client | undefined) | undefined
  traces?: TraceLink | undefined
} = {}
