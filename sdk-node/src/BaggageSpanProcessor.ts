import { type Context, propagation } from '@opentelemetry/api'
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base'

/** Baggage entries the browser SDK sets; each is copied onto span attributes under the same name. */
export const JourneyBaggageKeys = ['journey.name', 'journey.step', 'session.id'] as const

/** Baggage values come from the network; a cap keeps a hostile header from bloating every span. */
export const MaxBaggageValueLength = 256

/**
 * Copies the journey, step and session from the W3C `baggage` of the parent context onto every span as it
 * starts, so each span of a request (server, internal and outgoing client spans) carries them. Propagation of
 * the baggage to downstream services is the propagator's job; this processor only reads it.
 */
export class BaggageSpanProcessor implements SpanProcessor {
  readonly #keys: readonly string[]

  constructor(keys: readonly string[] = JourneyBaggageKeys) {
    this.#keys = keys
  }

  onStart(span: Span, parentContext: Context): void {
    const baggage = propagation.getBaggage(parentContext)
    if (!baggage) return
    for (const key of this.#keys) {
      const value = baggage.getEntry(key)?.value
      if (value) span.setAttribute(key, value.slice(0, MaxBaggageValueLength))
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve()
  }

  shutdown(): Promise<void> {
    return Promise.resolve()
  }
}
