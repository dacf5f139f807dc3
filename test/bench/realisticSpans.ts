import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'

const routes = ['/', '/search', '/product/:id', '/cart', '/checkout', '/payment', '/confirmation']
const services = ['gateway', 'catalog', 'cart', 'payment', 'inventory']

/**
 * Spans as a real service emits them — 10 attributes and 2 events each — recorded through the OpenTelemetry SDK
 * and returned in batches, one resource (service) per batch.
 */
export const realisticSpanBatches = async (batches: number, batchSize: number): Promise<ReadableSpan[][]> => {
  const result: ReadableSpan[][] = []
  for (let b = 0; b < batches; b++) {
    const memory = new InMemorySpanExporter()
    const service = services[b % services.length]!
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({
        'service.name': service,
        'service.version': '2.3.1',
        'deployment.environment.name': 'bench',
        'host.name': `host-${b % 3}`,
        'service.instance.id': `instance-${b % 7}`,
      }),
      spanProcessors: [new SimpleSpanProcessor(memory)],
    })
    const tracer = provider.getTracer('bench', '1.0.0')
    for (let i = 0; i < batchSize; i++) {
      const route = routes[(b + i) % routes.length]!
      const span = tracer.startSpan(`GET ${route}`, {
        kind: i % 4 === 0 ? SpanKind.CLIENT : SpanKind.SERVER,
        attributes: {
          'http.request.method': 'GET',
          'http.route': route,
          'http.response.status_code': i % 50 === 0 ? 500 : 200,
          'url.path': `${route.replace(':id', String(i))}`,
          'server.address': `${service}.internal`,
          'server.port': 8080,
          'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36',
          'journey.name': 'checkout',
          'journey.step': route.slice(1) || 'home',
          'session.id': `session-${(b * batchSize + i) % 997}`,
        },
      })
      span.addEvent('cache.lookup', { 'cache.hit': i % 3 === 0, 'cache.key': `k-${i}` })
      span.addEvent('db.query', { 'db.system.name': 'duckdb', 'db.rows': i % 40 })
      if (i % 50 === 0) span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' })
      span.end()
    }
    await provider.forceFlush()
    result.push(memory.getFinishedSpans().slice())
    await provider.shutdown()
  }
  return result
}
