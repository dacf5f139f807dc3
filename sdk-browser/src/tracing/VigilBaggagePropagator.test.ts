import { context, defaultTextMapGetter, defaultTextMapSetter, propagation } from '@opentelemetry/api'
import { expect, it } from 'vitest'
import type { VigilContext } from '../hub.js'
import { VigilBaggagePropagator } from './VigilBaggagePropagator.js'

const inject = (current: VigilContext, bag = propagation.createBaggage()) => {
  const carrier: Record<string, string> = {}
  new VigilBaggagePropagator(() => current).inject(
    propagation.setBaggage(context.active(), bag),
    carrier,
    defaultTextMapSetter,
  )
  return carrier
}

it('puts session, journey and step in baggage as they are when the request is made', () => {
  let current: VigilContext = { sessionId: 's-1', journey: 'checkout', step: 'cart' }
  const propagator = new VigilBaggagePropagator(() => current)
  const carrier: Record<string, string> = {}
  propagator.inject(context.active(), carrier, defaultTextMapSetter)
  expect(carrier.baggage?.split(',').sort()).toEqual([
    'journey.name=checkout',
    'journey.step=cart',
    'session.id=s-1',
  ])
  current = { sessionId: 's-1', journey: 'checkout', step: 'payment' }
  propagator.inject(context.active(), carrier, defaultTextMapSetter)
  expect(carrier.baggage).toContain('journey.step=payment')
})

it('sends no baggage header when there is no context (before init or consent)', () => {
  expect(inject({})).toEqual({})
})

it('keeps the application baggage and overrides its journey entries', () => {
  const bag = propagation.createBaggage({ tenant: { value: 'acme' }, 'journey.name': { value: 'stale' } })
  const header = inject({ sessionId: 's-2', journey: 'login' }, bag).baggage ?? ''
  expect(header.split(',').sort()).toEqual(['journey.name=login', 'session.id=s-2', 'tenant=acme'])
})

it('extracts baggage like the W3C propagator', () => {
  const extracted = new VigilBaggagePropagator(() => ({})).extract(
    context.active(),
    { baggage: 'a=1' },
    defaultTextMapGetter,
  )
  expect(propagation.getBaggage(extracted)?.getEntry('a')?.value).toBe('1')
})
