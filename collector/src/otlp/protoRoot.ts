import { createRequire } from 'node:module'
import type { Reader, Writer } from 'protobufjs/minimal.js'
import { CaptureTarget, OtlpReader } from './OtlpReader.js'
import type {
  LinkMsg,
  LogRecordMsg,
  LogsRequestMsg,
  MetricsRequestMsg,
  SpanMsg,
  TraceRequestMsg,
} from './otlpMessages.js'

/** The part of a protobufjs static message class the collector uses. */
export interface StaticMessage<T> {
  decode(reader: Reader | Uint8Array, length?: number): T
  encode(message: object, writer?: Writer): Writer
}

interface GeneratedRoot {
  opentelemetry: {
    proto: {
      collector: {
        trace: {
          v1: {
            ExportTraceServiceRequest: StaticMessage<TraceRequestMsg>
            ExportTraceServiceResponse: StaticMessage<object>
          }
        }
        metrics: {
          v1: {
            ExportMetricsServiceRequest: StaticMessage<MetricsRequestMsg>
            ExportMetricsServiceResponse: StaticMessage<object>
          }
        }
        logs: {
          v1: {
            ExportLogsServiceRequest: StaticMessage<LogsRequestMsg>
            ExportLogsServiceResponse: StaticMessage<object>
          }
        }
      }
      common: {
        v1: {
          AnyValue: StaticMessage<object>
          ArrayValue: StaticMessage<object>
          KeyValueList: StaticMessage<object>
          KeyValue: StaticMessage<object>
          InstrumentationScope: StaticMessage<object>
        }
      }
      resource: { v1: { Resource: StaticMessage<object> } }
      trace: {
        v1: {
          ResourceSpans: StaticMessage<object>
          ScopeSpans: StaticMessage<object>
          Span: StaticMessage<SpanMsg> & { Link: StaticMessage<LinkMsg>; Event: StaticMessage<object> }
          Status: StaticMessage<object>
        }
      }
      logs: { v1: { LogRecord: StaticMessage<LogRecordMsg> } }
    }
  }
}

// The generated module is CommonJS (a protobufjs static module from opentelemetry-proto, compiled by
// the OpenTelemetry JS project) and has no ESM entry point.
const require = createRequire(import.meta.url)
const generated = require('otlp-proto-definitions/build/src/generated/root.js') as GeneratedRoot
const { proto } = generated.opentelemetry

const wrapped = Symbol.for('vigil.otlp.capturesNewerFields')

/**
 * The generated definitions predate three fields that current SDKs send: `Span.flags` (16),
 * `Span.Link.flags` (6) and `LogRecord.event_name` (12). The static decoders skip them as unknown,
 * and being static they cannot be extended by reflection. So each of those three decoders is
 * wrapped once: while it runs, an {@link OtlpReader} is told which message it is in, its `skipType`
 * captures the field instead of skipping it, and the wrapper copies it onto the message. With any
 * other reader the wrapper just calls the original.
 */
const captureNewerFields = <T extends object>(
  type: StaticMessage<T>,
  target: CaptureTarget,
  apply: (message: T, reader: OtlpReader) => void,
): void => {
  const original = type.decode
  if ((original as unknown as Record<symbol, boolean>)[wrapped]) return
  const decode = function (this: unknown, reader: Reader | Uint8Array, length?: number): T {
    if (!(reader instanceof OtlpReader)) return original.call(this, reader, length)
    const outer = reader.captureTarget
    reader.captureTarget = target
    const message = original.call(this, reader, length)
    reader.captureTarget = outer
    apply(message, reader)
    return message
  }
  Object.defineProperty(decode, wrapped, { value: true })
  type.decode = decode
}

captureNewerFields(proto.trace.v1.Span, CaptureTarget.Span, (span, reader) => {
  if (reader.spanFlags !== null) {
    span.flags = reader.spanFlags
    reader.spanFlags = null
  }
})
captureNewerFields(proto.trace.v1.Span.Link, CaptureTarget.Link, (link, reader) => {
  if (reader.linkFlags !== null) {
    link.flags = reader.linkFlags
    reader.linkFlags = null
  }
})
captureNewerFields(proto.logs.v1.LogRecord, CaptureTarget.LogRecord, (record, reader) => {
  if (reader.eventName !== null) {
    record.eventName = reader.eventName
    reader.eventName = null
  }
})

/** The OTLP export request and response messages of the official generated definitions. */
export const protoRoot = {
  traceRequest: proto.collector.trace.v1.ExportTraceServiceRequest,
  traceResponse: proto.collector.trace.v1.ExportTraceServiceResponse,
  metricsRequest: proto.collector.metrics.v1.ExportMetricsServiceRequest,
  metricsResponse: proto.collector.metrics.v1.ExportMetricsServiceResponse,
  logsRequest: proto.collector.logs.v1.ExportLogsServiceRequest,
  logsResponse: proto.collector.logs.v1.ExportLogsServiceResponse,
} as const

/**
 * The nested OTLP messages of the generated definitions that the streaming trace reader
 * (readSpanRows.ts) takes its field numbers and wire types from.
 */
export const protoMessages = {
  traceRequest: proto.collector.trace.v1.ExportTraceServiceRequest,
  resourceSpans: proto.trace.v1.ResourceSpans,
  scopeSpans: proto.trace.v1.ScopeSpans,
  span: proto.trace.v1.Span,
  event: proto.trace.v1.Span.Event,
  link: proto.trace.v1.Span.Link,
  status: proto.trace.v1.Status,
  resource: proto.resource.v1.Resource,
  scope: proto.common.v1.InstrumentationScope,
  keyValue: proto.common.v1.KeyValue,
  anyValue: proto.common.v1.AnyValue,
  arrayValue: proto.common.v1.ArrayValue,
  keyValueList: proto.common.v1.KeyValueList,
} as const
