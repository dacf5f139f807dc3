import { hrTimeToMilliseconds } from '@opentelemetry/core'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { expect, it } from 'vitest'
import { PendingRequests } from './PendingRequests.js'

const setup = () => {
  const exporter = new InMemorySpanExporter()
  const pending = new PendingRequests(new SimpleSpanProcessor(exporter))
  const provider = new BasicTracerProvider({ spanProcessors: [pending] })
  return {
    exporter,
    pending,
    fetchTracer: provider.getTracer('@opentelemetry/instrumentation-fetch'),
    xhrTracer: provider.getTracer('@opentelemetry/instrumentation-xml-http-request'),
    otherTracer: provider.getTracer('app'),
  }
}

it('exports an answered request span ended at its response time, and only once', () => {
  const { exporter, pending, fetchTracer } = setup()
  const span = fetchTracer.startSpan('POST', { attributes: { 'http.request.method': 'POST' } })
  span.setAttribute('http.response.status_code', 201)
  const before = Date.now()
  pending.responded(span, 201)
  const after = Date.now()

  pending.exportResponded()
  const [copy] = exporter.getFinishedSpans()
  expect(copy?.spanContext()).toEqual(span.spanContext())
  expect(copy?.ended).toBe(true)
  expect(copy?.attributes).toEqual({ 'http.request.method': 'POST', 'http.response.status_code': 201 })
  const end = hrTimeToMilliseconds(copy!.endTime)
  expect(end).toBeGreaterThanOrEqual(before - 1)
  expect(end).toBeLessThanOrEqual(after + 1)

  // the instrumentation still ends the live span later: not exported a second time
  span.end()
  pending.exportResponded()
  expect(exporter.getFinishedSpans()).toHaveLength(1)
})

it('leaves unanswered request spans and other spans to end normally', () => {
  const { exporter, pending, fetchTracer, otherTracer } = setup()
  const inFlight = fetchTracer.startSpan('GET')
  const own = otherTracer.startSpan('render')
  pending.responded(own, 200)
  pending.exportResponded()
  expect(exporter.getFinishedSpans()).toEqual([])

  inFlight.end()
  own.end()
  expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['GET', 'render'])
})

it('adds the status code the XHR instrumentation sets only at its late end', () => {
  const { exporter, pending, xhrTracer } = setup()
  const span = xhrTracer.startSpan('GET')
  pending.responded(span, 404)
  pending.exportResponded()
  expect(exporter.getFinishedSpans()[0]?.attributes['http.response.status_code']).toBe(404)
})

it('ignores a response reported for a span that already ended', () => {
  const { exporter, pending, fetchTracer } = setup()
  const span = fetchTracer.startSpan('GET')
  span.end()
  pending.responded(span, 200)
  pending.exportResponded()
  expect(exporter.getFinishedSpans()).toHaveLength(1)
})
