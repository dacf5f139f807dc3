import type { ConsentState } from './consent.js'
import { guard } from './guard.js'
import { type Client, hub, type VigilContext } from './hub.js'
import type { JourneyHandle } from './journey.js'
import type { TraceLink } from './traceLink.js'

const idle: JourneyHandle = {
  id: '',
  name: '',
  step: () => idle,
  complete() {},
  fail() {},
}

const call = <K extends keyof Client>(k: K) =>
  guard((...args: Parameters<Client[K]>) =>
    ((hub.client ?? hub.boot?.())?.[k] as ((...a: unknown[]) => unknown) | undefined)?.(...args),
  )

/** Starts a journey: `journey('checkout').step('payment')`, then `.complete()` or `.fail(reason)`. */
export const journey = (name: string): JourneyHandle =>
  (call('journey')(name) as JourneyHandle | undefined) ?? idle

/** Sends an application event with a few flat attributes. */
export const track: (name: string, attributes?: Record<string, string | number | boolean>) => void =
  call('track')

/** Sends an application measurement, e.g. `measure('search.render', 87, 'ms')`. */
export const measure: (name: string, value: number, unit?: string) => void = call('measure')

/** Reports a handled error. */
export const captureError: (error: unknown) => void = call('captureError')

/** Updates consent: `granted` sends what was buffered; `denied` drops it and clears stored data. */
export const setConsent: (state: ConsentState) => void = call('setConsent')

/** Sends the events collected so far now instead of at the next interval. */
export const flush: () => void = call('flush')

/**
 * The hook the tracing entry uses: current session id and journey/step, to put in W3C `baggage`.
 * Empty before `init` and while consent is not granted.
 */
export const getContext = (): VigilContext => (call('context')() as VigilContext | undefined) ?? {}

/**
 * The hook the tracing entry sets so that page views and user actions carry `traceId`/`spanId`;
 * `undefined` removes it. Applications do not need to call it.
 */
export const linkTraces = (link: TraceLink | undefined): void => {
  hub.traces = link
}
