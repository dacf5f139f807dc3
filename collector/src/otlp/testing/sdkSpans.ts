import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import fc from 'fast-check'

/**
 * Finished spans as the OpenTelemetry SDK records them, for a serializer to encode: random attributes on the
 * resource, the spans, their events and their links, every span kind, error statuses. `doubles` draws the
 * floating-point attribute values.
 */
export const sdkSpans = (doubles: fc.Arbitrary<number> = fc.double()): fc.Arbitrary<ReadableSpan[]> => {
  const attributeValue = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 10 }),
    fc.integer(),
    doubles,
    fc.boolean(),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
    fc.array(fc.integer(), { maxLength: 3 }),
  )
  const attributes = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), attributeValue, { maxKeys: 8 })
  return fc
    .tuple(fc.array(attributes, { minLength: 1, maxLength: 4 }), fc.nat(3))
    .map(([spanAttributes, kind]) => {
      const exporter = new InMemorySpanExporter()
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'svc', ...spanAttributes[0] }),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      })
      const tracer = provider.getTracer('lib', '1.0')
      const first = tracer.startSpan('first', { kind: SpanKind.SERVER })
      for (const [i, attrs] of spanAttributes.entries()) {
        const s = tracer.startSpan(`op ${i}`, {
          kind: kind as SpanKind,
          attributes: attrs,
          links: [{ context: first.spanContext(), attributes: attrs }],
        })
        s.addEvent('e', attrs)
        s.setStatus({ code: SpanStatusCode.ERROR, message: String(i) })
        s.end()
      }
      first.end()
      return exporter.getFinishedSpans().slice()
    })
}
