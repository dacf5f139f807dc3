import { context, trace } from '@opentelemetry/api'
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base'
import { expect, it } from 'vitest'
import { TraceRecorder } from './TraceRecorder.js'

const setup = () => {
  const recorder = new TraceRecorder()
  const provider = new BasicTracerProvider({ spanProcessors: [recorder] })
  const tracer = (scope: string) => provider.getTracer(`@opentelemetry/instrumentation-${scope}`)
  return { recorder, tracer }
}

const ids = (span: { spanContext(): { traceId: string; spanId: string } }) => {
  const { traceId, spanId } = span.spanContext()
  return { traceId, spanId }
}

it('answers the root span of the document load, not its children', () => {
  const { recorder, tracer } = setup()
  expect(recorder.link.documentLoad()).toBeUndefined()
  const root = tracer('document-load').startSpan('documentLoad')
  const child = tracer('document-load').startSpan('documentFetch', {}, trace.setSpan(context.active(), root))
  expect(recorder.link.documentLoad()).toEqual(ids(root))
  expect(ids(child).traceId).toBe(ids(root).traceId)
  expect(recorder.link.documentLoad()?.spanId).not.toBe(ids(child).spanId)
})

it('answers the first fetch or XHR span that started within the window, ignoring other spans', () => {
  const { recorder, tracer } = setup()
  const t0 = 1_700_000_000_000
  tracer('fetch').startSpan('GET /before', { startTime: t0 - 50 })
  tracer('user-interaction').startSpan('click', { startTime: t0 + 5 })
  const xhr = tracer('xml-http-request').startSpan('POST /cart', { startTime: t0 + 20 })
  const later = tracer('fetch').startSpan('GET /price', { startTime: t0 + 40 })
  expect(recorder.link.requestIn(t0, t0 + 100)).toEqual(ids(xhr))
  expect(recorder.link.requestIn(t0 + 30, t0 + 100)).toEqual(ids(later))
  expect(recorder.link.requestIn(t0 + 41, t0 + 100)).toBeUndefined()
})
