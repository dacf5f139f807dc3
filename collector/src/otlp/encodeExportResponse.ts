import type { OtlpFormat } from './otlpFormat.js'
import { protoRoot } from './protoRoot.js'
import type { Decoded } from './rows.js'

/** The OTLP signals, named as in the `/v1/<signal>` paths. */
export type OtlpSignal = 'traces' | 'metrics' | 'logs'

const rejectedField = {
  traces: 'rejectedSpans',
  metrics: 'rejectedDataPoints',
  logs: 'rejectedLogRecords',
} as const
const responseType = {
  traces: protoRoot.traceResponse,
  metrics: protoRoot.metricsResponse,
  logs: protoRoot.logsResponse,
} as const

/**
 * The body of a successful export: `Export{Trace,Metrics,Logs}ServiceResponse`, with
 * `partial_success` only when items were rejected (or a message is worth reporting), as the OTLP
 * specification asks. JSON follows the proto3 JSON mapping: lowerCamelCase names, int64 as a string.
 */
export const encodeExportResponse = (
  signal: OtlpSignal,
  format: OtlpFormat,
  { rejected, errorMessage }: Pick<Decoded<unknown>, 'rejected' | 'errorMessage'>,
): Buffer => {
  const partial = rejected > 0 || errorMessage !== ''
  if (format === 'json') {
    const body = partial
      ? { partialSuccess: { [rejectedField[signal]]: String(rejected), errorMessage } }
      : {}
    return Buffer.from(JSON.stringify(body))
  }
  const message = partial ? { partialSuccess: { [rejectedField[signal]]: rejected, errorMessage } } : {}
  const bytes = responseType[signal].encode(message).finish()
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
