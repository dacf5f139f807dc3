import { createRequire } from 'node:module'
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { encodeExportResponse, type OtlpSignal } from './encodeExportResponse.js'
import { encodeStatus } from './encodeStatus.js'

interface Decodable {
  decode(bytes: Uint8Array): { toJSON(): unknown }
}
const require = createRequire(import.meta.url)
const root = require('otlp-proto-definitions/build/src/generated/root.js')
const responses: Record<OtlpSignal, Decodable> = {
  traces: root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse,
  metrics: root.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse,
  logs: root.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse,
}
const rejectedName = { traces: 'rejectedSpans', metrics: 'rejectedDataPoints', logs: 'rejectedLogRecords' }

describe.each(['traces', 'metrics', 'logs'] as const)('encodeExportResponse(%s)', (signal) => {
  const partial = { rejected: 3, errorMessage: 'span 01: invalid trace id' }

  it('encodes partial success in protobuf', () => {
    const decoded = responses[signal].decode(encodeExportResponse(signal, 'protobuf', partial)).toJSON()
    expect(decoded).toEqual({
      partialSuccess: { [rejectedName[signal]]: '3', errorMessage: partial.errorMessage },
    })
  })

  it('encodes partial success in JSON with int64 as a string', () => {
    const decoded = JSON.parse(encodeExportResponse(signal, 'json', partial).toString('utf8'))
    expect(decoded).toEqual({
      partialSuccess: { [rejectedName[signal]]: '3', errorMessage: partial.errorMessage },
    })
  })

  it('leaves partial success out when nothing was rejected', () => {
    const ok = { rejected: 0, errorMessage: '' }
    expect(encodeExportResponse(signal, 'protobuf', ok)).toHaveLength(0)
    expect(responses[signal].decode(encodeExportResponse(signal, 'protobuf', ok)).toJSON()).toEqual({})
    expect(JSON.parse(encodeExportResponse(signal, 'json', ok).toString('utf8'))).toEqual({})
  })
})

describe('encodeStatus', () => {
  // An independent definition of google.rpc.Status, parsed from its .proto text.
  const Status = protobuf
    .parse('syntax = "proto3"; package google.rpc; message Status { int32 code = 1; string message = 2; }')
    .root.lookupType('google.rpc.Status')

  it('encodes a google.rpc.Status in protobuf', () => {
    const decoded = Status.decode(encodeStatus('protobuf', 3, 'invalid JSON at position 12'))
    expect(Status.toObject(decoded)).toEqual({ code: 3, message: 'invalid JSON at position 12' })
  })

  it('encodes a google.rpc.Status in JSON', () => {
    expect(JSON.parse(encodeStatus('json', 14, 'storage unavailable').toString('utf8'))).toEqual({
      code: 14,
      message: 'storage unavailable',
    })
  })
})
