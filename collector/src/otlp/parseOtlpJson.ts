import { isAscii, isUtf8 } from 'node:buffer'
import { OtlpDecodeError } from './OtlpDecodeError.js'

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>

// OTLP/JSON allows 64-bit integers as JSON numbers, which JSON.parse would round to a double (a
// nanosecond timestamp has 19 digits). Integer literals of 16+ digits are quoted before parsing so
// they arrive as exact decimal strings; every numeric field reader accepts strings, as the proto3
// JSON mapping requires. The cheap test skips the rewrite for bodies that have no such literal.
const BIG_INTEGER_HINT = /[:,[]\s*-?\d{16}/
const STRING_OR_BIG_INTEGER = /"[^"\\]*(?:\\.[^"\\]*)*"|(?<=[:,[]\s*)(-?\d{16,})(?=\s*[,}\]])/g
const quoteBigInteger = (match: string, digits: string | undefined): string =>
  digits === undefined ? match : `"${digits}"`

// A `\uD800`-style escape can produce a lone surrogate, which has no UTF-8 form: proto3 strings
// must be valid UTF-8, so such strings are rejected like invalid UTF-8 in protobuf.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/
const LONE_SURROGATE = /\p{Cs}/u

const describeJsonError = (message: string): string => {
  const position = /^(.*?) in JSON at position (\d+)/s.exec(message)
  if (position) return `invalid JSON at position ${position[2]}: ${position[1]!.toLowerCase()}`
  if (message.startsWith('Unexpected end of JSON input')) return 'invalid JSON: unexpected end of input'
  // V8 quotes a snippet of the input after the token; the client already has its own body.
  const token = /^Unexpected token '(.+?)', /s.exec(message)
  if (token) return `invalid JSON: unexpected token ${JSON.stringify(token[1])}`
  return 'invalid JSON'
}

const assertWellFormed = (value: unknown): void => {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw new OtlpDecodeError('invalid UTF-16 surrogate in JSON string')
  } else if (Array.isArray(value)) {
    for (const item of value) assertWellFormed(item)
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      assertWellFormed(key)
      assertWellFormed(item)
    }
  }
}

/**
 * Parses an OTLP/JSON body into a JSON object, or `undefined` for a zero-length body (the empty
 * request). Throws {@link OtlpDecodeError} for invalid UTF-8, invalid JSON or a non-object body.
 * With `exactIntegers: false` long integer literals are not quoted first (the scan costs about a
 * tenth of the parse): the caller then must refuse integers that are not safe as numbers.
 */
export const parseOtlpJson = (
  body: Uint8Array,
  { exactIntegers = true }: { exactIntegers?: boolean } = {},
): JsonObject | undefined => {
  if (body.byteLength === 0) return undefined
  // Most bodies are ASCII, whose text is a plain copy of the bytes (no UTF-8 decoding).
  const ascii = isAscii(body)
  if (!ascii && !isUtf8(body)) throw new OtlpDecodeError('invalid UTF-8 in JSON body')
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString(ascii ? 'latin1' : 'utf8')
  const exact =
    exactIntegers && BIG_INTEGER_HINT.test(text) ? text.replace(STRING_OR_BIG_INTEGER, quoteBigInteger) : text
  let parsed: unknown
  try {
    parsed = JSON.parse(exact)
  } catch (error) {
    let message = error instanceof Error ? error.message : ''
    if (exact !== text) {
      // Report positions in the body the client sent, not in the rewritten text.
      try {
        JSON.parse(text)
      } catch (original) {
        if (original instanceof Error) message = original.message
      }
    }
    throw new OtlpDecodeError(describeJsonError(message))
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new OtlpDecodeError('invalid OTLP/JSON: the body must be a JSON object')
  }
  if (text.includes('\\u') && SURROGATE_ESCAPE.test(text)) assertWellFormed(parsed)
  return parsed as JsonObject
}
