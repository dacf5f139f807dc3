import type { OtlpFormat } from './otlpFormat.js'

/** The `Content-Type` of a response body in `format`; OTLP answers in the encoding of the request. */
export const contentTypeFor = (format: OtlpFormat): string =>
  format === 'protobuf' ? 'application/x-protobuf' : 'application/json'
