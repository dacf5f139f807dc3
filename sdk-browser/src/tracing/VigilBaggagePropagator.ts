import {
  type Context,
  propagation,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api'
import { W3CBaggagePropagator } from '@opentelemetry/core'
import type { VigilContext } from '../hub.js'
import { baggageFromContext } from './baggageFromContext.js'

/**
 * W3C `baggage` with the session, journey and step read at the moment a request is made, so a
 * call started after `journey('checkout').step('payment')` carries that step without the app
 * managing OpenTelemetry contexts. Entries the app put in the context's baggage are kept; ours win
 * on a clash because the backend's journey attribution depends on them.
 */
export class VigilBaggagePropagator implements TextMapPropagator {
  private readonly w3c = new W3CBaggagePropagator()

  constructor(private readonly current: () => VigilContext) {}

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    let bag = propagation.getBaggage(context) ?? propagation.createBaggage()
    for (const [key, value] of Object.entries(baggageFromContext(this.current()))) {
      bag = bag.setEntry(key, { value })
    }
    this.w3c.inject(propagation.setBaggage(context, bag), carrier, setter)
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return this.w3c.extract(context, carrier, getter)
  }

  fields(): string[] {
    return this.w3c.fields()
  }
}
