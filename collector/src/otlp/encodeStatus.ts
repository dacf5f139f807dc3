import protobuf from 'protobufjs'
import type { OtlpFormat } from './otlpFormat.js'

// google.rpc.Status is not among the generated OTLP definitions, so its two fields the OTLP
// specification uses are declared by reflection (`details`, field 3, is never sent).
const Status = new protobuf.Type('Status')
  .add(new protobuf.Field('code', 1, 'int32'))
  .add(new protobuf.Field('message', 2, 'string'))
new protobuf.Root().define('google.rpc').add(Status)

/**
 * The body of a 4xx/5xx OTLP/HTTP response: a `google.rpc.Status` with a `google.rpc.Code` value
 * and a message for the client, in the request's encoding.
 */
export const encodeStatus = (format: OtlpFormat, code: number, message: string): Buffer => {
  if (format === 'json') return Buffer.from(JSON.stringify({ code, message }))
  const bytes = Status.encode(Status.create({ code, message })).finish()
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
