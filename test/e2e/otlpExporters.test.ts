import { OTLPTraceExporter as HttpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CollectorProcess, startCollector, tempDataDir } from '../support/collectorProcess.js'
import { hrToNanos, kindName, recordTrace, statusName } from '../support/otelTracing.js'

interface ApiSpan {
  traceId: string
  spanId: string
  parentSpanId: string
  name: string
  kind: string
  serviceName: string
  startTimeUnixNano: string
  endTimeUnixNano: string
  status: { code: string; message: string }
  attributes: Record<string, unknown>
  resource: { attributes: Record<string, unknown> }
  scope: { name: string; version: string }
  events: { timeUnixNano: string; name: string; attributes: Record<string, unknown> }[]
  links: { traceId: string; spanId: string; attributes: Record<string, unknown> }[]
}

const expectSameSpan = (stored: ApiSpan, sent: ReadableSpan, resourceAttributes: Record<string, unknown>) => {
  const context = sent.spanContext()
  expect(stored.traceId).toBe(context.traceId)
  expect(stored.spanId).toBe(context.spanId)
  expect(stored.parentSpanId).toBe(sent.parentSpanContext?.spanId ?? '')
  expect(stored.name).toBe(sent.name)
  expect(stored.kind).toBe(kindName(sent.kind))
  expect(stored.startTimeUnixNano).toBe(hrToNanos(sent.startTime).toString())
  expect(stored.endTimeUnixNano).toBe(hrToNanos(sent.endTime).toString())
  expect(stored.status).toEqual({ code: statusName(sent.status.code), message: sent.status.message ?? '' })
  expect(stored.attributes).toEqual(sent.attributes)
  expect(stored.resource.attributes).toMatchObject(resourceAttributes)
  expect(stored.resource.attributes).toEqual(sent.resource.attributes)
  expect(stored.scope).toMatchObject({ name: 'vigil-e2e', version: '0.0.1' })
  expect(stored.events).toEqual(
    sent.events.map((event) => ({
      timeUnixNano: hrToNanos(event.time).toString(),
      name: event.name,
      attributes: event.attributes ?? {},
      droppedAttributesCount: 0,
    })),
  )
  expect(stored.links.map(({ traceId, spanId, attributes }) => ({ traceId, spanId, attributes }))).toEqual(
    sent.links.map((link) => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      attributes: link.attributes,
    })),
  )
}

describe('official OpenTelemetry exporters against the collector process', () => {
  const data = tempDataDir()
  let collector: CollectorProcess

  beforeAll(async () => {
    collector = await startCollector({ dataDir: data.dir })
  })
  afterAll(async () => {
    await collector?.stop()
    data.remove()
  })

  for (const [label, Exporter] of [
    ['protobuf (exporter-trace-otlp-proto)', ProtoTraceExporter],
    ['JSON (exporter-trace-otlp-http)', HttpJsonTraceExporter],
  ] as const) {
    it(`stores exactly what ${label} sent`, async () => {
      const exporter = new Exporter({ url: `${collector.url}/v1/traces` })
      const { spans, resourceAttributes } = await recordTrace(exporter, `checkout-${label.split(' ')[0]}`)
      const traceId = spans[0]!.spanContext().traceId
      const response = await fetch(`${collector.url}/api/traces/${traceId}`)
      expect(response.status).toBe(200)
      const body = (await response.json()) as { spans: ApiSpan[] }
      expect(body.spans).toHaveLength(spans.length)
      for (const sent of spans) {
        const stored = body.spans.find((span) => span.spanId === sent.spanContext().spanId)
        expect(stored, `span ${sent.name}`).toBeDefined()
        expectSameSpan(stored!, sent, resourceAttributes)
      }
      const services = (await (await fetch(`${collector.url}/api/services`)).json()) as {
        services: { service: string; spanCount: number; errorCount: number }[]
      }
      const summary = services.services.find((s) => s.service === resourceAttributes['service.name'])
      expect(summary).toMatchObject({ spanCount: 2, errorCount: 1 })
    })
  }
})
