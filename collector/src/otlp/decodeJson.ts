import { OtlpDecodeError } from './OtlpDecodeError.js'
import { type JsonObject, parseOtlpJson } from './parseOtlpJson.js'

/**
 * Parses an OTLP/JSON body and normalizes it with `normalize`; a zero-length body is the empty
 * request, normalized from `{}`.
 */
export const decodeJson = <T>(body: Uint8Array, normalize: (root: JsonObject) => T): T => {
  const root = parseOtlpJson(body) ?? {}
  try {
    return normalize(root)
  } catch (error) {
    // The normalizers recurse once per nested AnyValue; JSON.parse accepts deeper nesting than that.
    if (error instanceof RangeError && error.message.includes('call stack')) {
      throw new OtlpDecodeError('invalid OTLP/JSON: nesting too deep')
    }
    throw error
  }
}
