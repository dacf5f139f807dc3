import { context, type HrTime, TraceFlags, trace } from '@opentelemetry/api'
import { SeverityNumber } from '@opentelemetry/api-logs'
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  type ReadableLogRecord,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs'
import { describe, expect, it } from 'vitest'
import { decodeLogs } from './decodeLogs.js'
import type { OtlpFormat } from './otlpFormat.js'

const nanos = ([seconds, ns]: HrTime): bigint => BigInt(seconds) * 1_000_000_000n + BigInt(ns)

const spanContext = {
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b174',
  traceFlags: TraceFlags.SAMPLED,
}

const sdkLogs = async (): Promise<ReadableLogRecord[]> => {
  const exporter = new InMemoryLogRecordExporter()
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'worker' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  })
  const logger = provider.getLogger('vigil-logs', '3.0.0')
  logger.emit({
    timestamp: [1_700_000_000, 1],
    observedTimestamp: [1_700_000_000, 2],
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    eventName: 'payment.failed',
    body: {
      message: 'card declined',
      amount: 12.5,
      attempts: 3,
      tags: ['a', 'b'],
      raw: new Uint8Array([1, 2]),
    },
    attributes: { 'user.id': 'u-1', retry: true, nested: { a: 1, b: ['x'] } },
    context: trace.setSpanContext(context.active(), spanContext),
  })
  logger.emit({
    observedTimestamp: [1_700_000_001, 5],
    body: 'plain text',
    severityNumber: SeverityNumber.INFO2,
  })
  await provider.forceFlush()
  return exporter.getFinishedLogRecords()
}

const serialize = (logs: ReadableLogRecord[], format: OtlpFormat): Uint8Array =>
  (format === 'protobuf' ? ProtobufLogsSerializer : JsonLogsSerializer).serializeRequest(logs)!

describe.each(['protobuf', 'json'] as const)(
  'decodeLogs (%s from the OTel JS serializer)',
  async (format) => {
    const logs = await sdkLogs()
    const decoded = decodeLogs(serialize(logs, format), format)

    it('keeps every record with its trace context, severity, body, attributes and event name', () => {
      expect(logs).toHaveLength(2)
      expect(decoded.rejected).toBe(0)
      expect(decoded.rows).toHaveLength(logs.length)
      for (const [i, log] of logs.entries()) {
        const row = decoded.rows[i]!
        expect(row.observedTimestamp).toBe(nanos(log.hrTimeObserved))
        expect(row.traceId).toBe(log.spanContext?.traceId ?? '')
        expect(row.spanId).toBe(log.spanContext?.spanId ?? '')
        expect(row.flags).toBe(log.spanContext?.traceFlags ?? 0)
        expect(row.severityNumber).toBe(log.severityNumber)
        expect(row.severityText).toBe(log.severityText ?? '')
        expect(row.eventName).toBe(log.eventName ?? '')
        expect(JSON.parse(row.logAttributes)).toEqual(log.attributes)
        expect(row.serviceName).toBe('worker')
        expect(row.scopeName).toBe('vigil-logs')
        expect(row.scopeVersion).toBe('3.0.0')
      }
      expect(decoded.rows[0]!.timestamp).toBe(nanos(logs[0]!.hrTime))
      expect(decoded.rows[0]!.eventName).toBe('payment.failed')
    })

    it('writes the body as JSON of its AnyValue, bytes as base64', () => {
      expect(JSON.parse(decoded.rows[0]!.body)).toEqual({
        message: 'card declined',
        amount: 12.5,
        attempts: 3,
        tags: ['a', 'b'],
        raw: Buffer.from([1, 2]).toString('base64'),
      })
      expect(decoded.rows[1]!.body).toBe('"plain text"')
    })
  },
)

describe('decodeLogs (OTLP/JSON by hand)', () => {
  const body = (...logRecords: unknown[]) =>
    Buffer.from(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords }] }] }))

  it('falls back to the observed time when the event time is 0, and accepts severity names', () => {
    const [row] = decodeLogs(
      body({ observedTimeUnixNano: '1700000000000000007', severityNumber: 'SEVERITY_NUMBER_WARN3' }),
      'json',
    ).rows
    expect(row).toMatchObject({ timestamp: 1_700_000_000_000_000_007n, severityNumber: 15, body: 'null' })
  })

  it('rejects records with malformed trace context', () => {
    const decoded = decodeLogs(body({ traceId: 'abcd' }, { spanId: 'eee19b7ec3c1b174' }), 'json')
    expect(decoded.rows.map((r) => r.spanId)).toEqual(['eee19b7ec3c1b174'])
    expect(decoded.rejected).toBe(1)
    expect(decoded.errorMessage).toBe('log record 1: invalid trace id "abcd" (must be 16 bytes)')
  })
})
