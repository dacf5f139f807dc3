import { context, type Link, type SpanContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base'

/** Nanoseconds since the epoch of an OTel `HrTime`, exactly. */
export const hrToNanos = ([seconds, nanos]: [number, number]): bigint =>
  BigInt(seconds) * 1_000_000_000n + BigInt(nanos)

/**
 * Creates a small realistic trace through a real `BasicTracerProvider`: a server span with every attribute type,
 * two events, a link and an error status, and a client child span. Returns what the SDK recorded, so tests
 * compare the collector's answer with the SDK's own view of the spans.
 */
export const recordTrace = async (
  exporter: SpanExporter,
  serviceName: string,
): Promise<{ spans: ReadableSpan[]; resourceAttributes: Record<string, unknown> }> => {
  const resourceAttributes = {
    'service.name': serviceName,
    'service.version': '1.4.2',
    'deployment.environment': 'e2e',
    'host.name': 'test-host-1',
  }
  const memory = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resourceAttributes),
    spanProcessors: [new SimpleSpanProcessor(memory), new SimpleSpanProcessor(exporter)],
  })
  const tracer = provider.getTracer('vigil-e2e', '0.0.1')
  const linked: SpanContext = {
    traceId: 'aaaabbbbccccddddeeeeffff00001111',
    spanId: '2222333344445555',
    traceFlags: 1,
    isRemote: true,
  }
  const link: Link = { context: linked, attributes: { 'link.reason': 'retry-of', 'link.attempt': 2 } }
  const start = Date.now() - 5_000
  const root = tracer.startSpan(
    'POST /checkout',
    {
      kind: SpanKind.SERVER,
      startTime: [Math.floor(start / 1000), (start % 1000) * 1_000_000 + 123_456],
      links: [link],
      attributes: {
        'http.request.method': 'POST',
        'http.route': '/checkout',
        'http.response.status_code': 502,
        'app.cart.total': 129.95,
        'app.cart.express': true,
        'app.cart.skus': ['sku-1', 'sku-2'],
        'app.cart.quantities': [1, 3],
        'journey.name': 'checkout',
        'journey.step': 'payment',
      },
    },
    context.active(),
  )
  root.addEvent('payment.requested', { 'payment.provider': 'acme', 'payment.amount': 129.95 }, [
    Math.floor(start / 1000),
    (start % 1000) * 1_000_000 + 500_000_001,
  ])
  root.addEvent('payment.failed', { 'error.type': 'gateway_timeout' })
  const child = tracer.startSpan(
    'GET inventory',
    { kind: SpanKind.CLIENT, attributes: { 'server.address': 'inventory', 'server.port': 8080 } },
    trace.setSpan(context.active(), root),
  )
  child.setStatus({ code: SpanStatusCode.OK })
  child.end()
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'payment gateway timed out' })
  root.end([Math.floor((start + 1234) / 1000), ((start + 1234) % 1000) * 1_000_000 + 789])
  await provider.forceFlush()
  // Read before shutdown: shutting the in-memory exporter down forgets its spans.
  const spans = memory.getFinishedSpans()
  await provider.shutdown()
  return { spans, resourceAttributes }
}

export const kindName = (kind: SpanKind): string =>
  ({
    [SpanKind.INTERNAL]: 'Internal',
    [SpanKind.SERVER]: 'Server',
    [SpanKind.CLIENT]: 'Client',
    [SpanKind.PRODUCER]: 'Producer',
    [SpanKind.CONSUMER]: 'Consumer',
  })[kind]

export const statusName = (code: SpanStatusCode): string =>
  ({ [SpanStatusCode.UNSET]: 'Unset', [SpanStatusCode.OK]: 'Ok', [SpanStatusCode.ERROR]: 'Error' })[code]
