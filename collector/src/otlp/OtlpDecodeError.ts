/**
 * A request body that cannot be decoded as an OTLP export request (bad protobuf, bad JSON, invalid
 * UTF-8, a field of the wrong JSON type). The OTLP/HTTP route answers it with 400 Bad Request and
 * the message in a `google.rpc.Status`.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError'
}
