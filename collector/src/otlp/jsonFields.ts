import { OtlpDecodeError } from './OtlpDecodeError.js'
import type { JsonObject } from './parseOtlpJson.js'

/**
 * Typed field readers for OTLP/JSON. Each takes the lowerCamelCase name and, where it differs, the
 * original snake_case name (receivers accept both), applies the proto3 default when the field is
 * absent or `null`, and throws {@link OtlpDecodeError} when a value has the wrong JSON type.
 */

const EMPTY_BYTES = Buffer.alloc(0)
const HEX = /^(?:[0-9a-fA-F]{2})*$/
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/
const DECIMAL_INTEGER = /^-?\d+$/
const DECIMAL_NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** Field `camel` of `o`, or `snake` when `camel` is absent (receivers accept both names). */
export const jsonField = (o: JsonObject, camel: string, snake: string): unknown => {
  const value = o[camel]
  return value === undefined ? o[snake] : value
}

const wrongType = (camel: string, expected: string): OtlpDecodeError =>
  new OtlpDecodeError(`invalid OTLP/JSON: field "${camel}" must be ${expected}`)

export const jsonString = (o: JsonObject, camel: string, snake = camel): string => {
  const value = jsonField(o, camel, snake)
  if (value == null) return ''
  if (typeof value !== 'string') throw wrongType(camel, 'a string')
  return value
}

export const jsonBool = (o: JsonObject, camel: string, snake = camel): boolean => {
  const value = jsonField(o, camel, snake)
  if (value == null) return false
  if (typeof value !== 'boolean') throw wrongType(camel, 'a boolean')
  return value
}

/** int32, uint32, sint32, fixed32: a JSON number or a decimal string. */
export const jsonInt32 = (o: JsonObject, camel: string, snake = camel, unsigned = false): number => {
  const value = jsonField(o, camel, snake)
  if (value == null) return 0
  const n = typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n)) throw wrongType(camel, 'an integer')
  if (unsigned ? n < 0 || n > 0xffff_ffff : n < -0x8000_0000 || n > 0x7fff_ffff) {
    throw wrongType(camel, unsigned ? 'a 32-bit unsigned integer' : 'a 32-bit integer')
  }
  return n
}

export const jsonUint32 = (o: JsonObject, camel: string, snake = camel): number =>
  jsonInt32(o, camel, snake, true)

/** int64, uint64, fixed64, sfixed64: a decimal string or a JSON number, exactly. */
export const jsonInt64Value = (value: unknown, camel: string): bigint => {
  if (value == null) return 0n
  if (typeof value === 'string' && DECIMAL_INTEGER.test(value)) return BigInt(value)
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value)
  throw wrongType(camel, 'a 64-bit integer (decimal string or number)')
}

export const jsonInt64 = (o: JsonObject, camel: string, snake = camel): bigint =>
  jsonInt64Value(jsonField(o, camel, snake), camel)

/** double: a JSON number, `"NaN"`, `"Infinity"`, `"-Infinity"` or a decimal string. */
export const jsonDoubleValue = (value: unknown, camel: string): number => {
  if (typeof value === 'number') return value
  if (typeof value === 'string') {
    if (value === 'NaN') return Number.NaN
    if (value === 'Infinity') return Number.POSITIVE_INFINITY
    if (value === '-Infinity') return Number.NEGATIVE_INFINITY
    if (DECIMAL_NUMBER.test(value)) return Number(value)
  }
  throw wrongType(camel, 'a number')
}

export const jsonDouble = (o: JsonObject, camel: string, snake = camel): number => {
  const value = jsonField(o, camel, snake)
  return value == null ? 0 : jsonDoubleValue(value, camel)
}

/** A proto3 `optional double`: `null` when absent. */
export const jsonOptionalDouble = (o: JsonObject, camel: string, snake = camel): number | null => {
  const value = jsonField(o, camel, snake)
  return value == null ? null : jsonDoubleValue(value, camel)
}

/** OTLP/JSON sends enums as integers; the proto3 JSON names are accepted as well. */
export const jsonEnum = (o: JsonObject, camel: string, snake: string, names: readonly string[]): number => {
  const value = jsonField(o, camel, snake)
  if (typeof value === 'string') {
    const index = names.indexOf(value)
    if (index !== -1) return index
  }
  return jsonInt32(o, camel, snake)
}

export const jsonArray = (o: JsonObject, camel: string, snake = camel): unknown[] => {
  const value = jsonField(o, camel, snake)
  if (value == null) return []
  if (!Array.isArray(value)) throw wrongType(camel, 'an array')
  return value
}

export const asJsonObject = (value: unknown, what: string): JsonObject => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new OtlpDecodeError(`invalid OTLP/JSON: ${what} must be an object`)
  }
  return value as JsonObject
}

export const jsonObject = (o: JsonObject, camel: string, snake = camel): JsonObject | undefined => {
  const value = jsonField(o, camel, snake)
  return value == null ? undefined : asJsonObject(value, `field "${camel}"`)
}

/** Trace and span ids: OTLP/JSON encodes them as hex, not base64. */
export const jsonId = (o: JsonObject, camel: string, snake: string): Buffer => {
  const value = jsonField(o, camel, snake)
  if (value == null || value === '') return EMPTY_BYTES
  if (typeof value !== 'string' || !HEX.test(value)) throw wrongType(camel, 'a hex string')
  return Buffer.from(value, 'hex')
}

/** Other bytes fields: base64, standard or URL-safe, padding optional. */
export const jsonBase64 = (value: unknown, camel: string): Buffer => {
  if (typeof value !== 'string' || !BASE64.test(value)) throw wrongType(camel, 'a base64 string')
  return Buffer.from(value, 'base64')
}
