import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { expect, it } from 'vitest'
import type { VigilContext } from '../hub.js'
import { VigilSpanProcessor } from './VigilSpanProcessor.js'

const setup = (current: () => VigilContext, ownUrls: string[] = []) => {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({
    spanProcessors: [new VigilSpanProcessor(current, new SimpleSpanProcessor(exporter), ownUrls)],
  })
  return { exporter, tracer: provider.getTracer('test') }
}

it('stamps session, journey and step on spans as they start', () => {
  let current: VigilContext = { sessionId: 's-1', journey: 'checkout', step: 'cart' }
  const { exporter, tracer } = setup(() => current)
  const first = tracer.startSpan('GET /cart')
  current = { sessionId: 's-1', journey: 'checkout', step: 'payment' }
  const second = tracer.startSpan('POST /pay')
  first.end()
  second.end()
  expect(exporter.getFinishedSpans().map((s) => s.attributes)).toEqual([
    { 'session.id': 's-1', 'journey.name': 'checkout', 'journey.step': 'cart' },
    { 'session.id': 's-1', 'journey.name': 'checkout', 'journey.step': 'payment' },
  ])
})

it('exports no span that started without a session (no consent yet)', () => {
  let current: VigilContext = {}
  const { exporter, tracer } = setup(() => current)
  const before = tracer.startSpan('before consent')
  current = { sessionId: 's-9' }
  const after = tracer.startSpan('after consent')
  before.end()
  after.end()
  expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['after consent'])
})

it("drops spans of the SDK's own requests, whichever URL attribute names them", () => {
  const { exporter, tracer } = setup(() => ({ sessionId: 's-2' }), ['https://rum.example/rum/v1/events'])
  tracer.startSpan('resourceFetch', { attributes: { 'http.url': 'https://rum.example/rum/v1/events' } }).end()
  tracer.startSpan('POST', { attributes: { 'url.full': 'https://rum.example/rum/v1/events?x=1' } }).end()
  tracer.startSpan('GET /api', { attributes: { 'url.full': 'https://api.example/rum/v1/events' } }).end()
  expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['GET /api'])
})
