import { type Context, defaultTextMapGetter, ROOT_CONTEXT, trace } from '@opentelemetry/api'
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { BaggageSpanProcessor, JourneyBaggageKeys, MaxBaggageValueLength } from './BaggageSpanProcessor.js'

const propagator = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
})
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
const parentSpanId = '00f067aa0ba902b7'

const setup = () => {
  const memory = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({
    spanProcessors: [new BaggageSpanProcessor(), new SimpleSpanProcessor(memory)],
  })
  return { memory, tracer: provider.getTracer('baggage-test') }
}

const incoming = (headers: Record<string, string>): Context =>
  propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter)

describe('BaggageSpanProcessor', () => {
  it('copies journey, step and session from extracted W3C baggage onto a span and its children', () => {
    const { memory, tracer } = setup()
    const parent = incoming({
      traceparent: `00-${traceId}-${parentSpanId}-01`,
      baggage: 'journey.name=checkout,journey.step=payment,session.id=s1,other=ignored',
    })
    const server = tracer.startSpan('GET /pay', {}, parent)
    const client = tracer.startSpan('POST payments', {}, trace.setSpan(parent, server))
    client.end()
    server.end()

    const [clientSpan, serverSpan] = memory.getFinishedSpans()
    for (const span of [serverSpan!, clientSpan!]) {
      expect(span.spanContext().traceId).toBe(traceId)
      expect(span.attributes).toEqual({
        'journey.name': 'checkout',
        'journey.step': 'payment',
        'session.id': 's1',
      })
    }
    expect(serverSpan!.parentSpanContext?.spanId).toBe(parentSpanId)
    expect(clientSpan!.parentSpanContext?.spanId).toBe(serverSpan!.spanContext().spanId)
  })

  it('decodes percent-encoded values and copies only the keys present', () => {
    const { memory, tracer } = setup()
    tracer.startSpan('x', {}, incoming({ baggage: 'journey.name=sign%20up' })).end()
    expect(memory.getFinishedSpans()[0]!.attributes).toEqual({ 'journey.name': 'sign up' })
  })

  it('adds nothing without baggage', () => {
    const { memory, tracer } = setup()
    tracer.startSpan('x', {}, incoming({ traceparent: `00-${traceId}-${parentSpanId}-01` })).end()
    expect(memory.getFinishedSpans()[0]!.attributes).toEqual({})
  })

  it('caps hostile long values', () => {
    const { memory, tracer } = setup()
    const long = 'a'.repeat(MaxBaggageValueLength * 3)
    tracer.startSpan('x', {}, incoming({ baggage: `session.id=${long}` })).end()
    expect(memory.getFinishedSpans()[0]!.attributes['session.id']).toBe(long.slice(0, MaxBaggageValueLength))
  })

  it('shares its keys with the browser SDK', () => {
    expect(JourneyBaggageKeys).toEqual(['journey.name', 'journey.step', 'session.id'])
  })
})
