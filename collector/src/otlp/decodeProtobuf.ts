import { OtlpDecodeError } from './OtlpDecodeError.js'
import { OtlpReader } from './OtlpReader.js'
import type { StaticMessage } from './protoRoot.js'

/**
 * Decodes one protobuf message with an {@link OtlpReader}, turning every decoding failure into an
 * {@link OtlpDecodeError}. A zero-length body is the empty message, as in protobuf itself.
 */
export const decodeProtobuf = <T>(body: Uint8Array, type: StaticMessage<T>): T => {
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  try {
    return type.decode(new OtlpReader(buffer))
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error
    if (error instanceof RangeError) {
      if (error.message.startsWith('index out of range')) {
        throw new OtlpDecodeError(`truncated protobuf: ${error.message}`)
      }
      // The generated decoders recurse once per nested AnyValue and have no depth limit.
      if (error.message.includes('call stack'))
        throw new OtlpDecodeError('invalid protobuf: nesting too deep')
    }
    // protobufjs reports malformed input (bad wire type, overlong varint) with plain `Error`s;
    // anything else (a TypeError, say) is a bug and propagates.
    if (error instanceof Error && error.constructor === Error) {
      throw new OtlpDecodeError(`invalid protobuf: ${error.message}`)
    }
    throw error
  }
}
