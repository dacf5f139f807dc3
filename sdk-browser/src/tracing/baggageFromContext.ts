import type { VigilContext } from '../hub.js'

/** Baggage keys, the ones the Node SDK copies onto every backend span. */
export const BaggageKeys = {
  sessionId: 'session.id',
  journey: 'journey.name',
  step: 'journey.step',
} as const

/** The entries of the Vigil context that are set, under their baggage and span attribute names. */
export const baggageFromContext = (ctx: VigilContext): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const key of Object.keys(BaggageKeys) as (keyof typeof BaggageKeys)[]) {
    const value = ctx[key]
    if (value) out[BaggageKeys[key]] = value
  }
  return out
}
