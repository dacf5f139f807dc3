import type { AttributeLimiter } from './AttributeLimiter.js'
import { int64 } from './int64.js'
import { OtlpDecodeError } from './OtlpDecodeError.js'
import type { AnyValueMsg, KeyValueMsg } from './otlpMessages.js'

/** Deepest array/kvlist nesting accepted in one value; deeper bodies are refused as malformed. */
export const MAX_VALUE_NESTING = 64

/** A double as JSON: non-finite values have no JSON number form, so they become strings. */
export const doubleJson = (d: number): string => {
  if (Number.isFinite(d)) return String(d)
  if (Number.isNaN(d)) return '"NaN"'
  return d > 0 ? '"Infinity"' : '"-Infinity"'
}

export const bytesBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/**
 * An OTLP `AnyValue` as JSON text: strings via `JSON.stringify`, int64 with every digit, doubles as
 * numbers (non-finite as strings), bytes as base64 strings, arrays, kvlists as objects, an empty
 * value as `null`. Strings and bytes are measured against the limiter on the way.
 */
export const anyValueJson = (
  v: AnyValueMsg | null | undefined,
  limiter: AttributeLimiter,
  depth: number,
): string => {
  if (v == null) return 'null'
  const s = v.stringValue
  if (s != null) {
    if (s.length > limiter.safeChars) limiter.checkString(s)
    return JSON.stringify(s)
  }
  if (v.boolValue != null) return v.boolValue ? 'true' : 'false'
  if (v.intValue != null) return int64(v.intValue).toString()
  if (v.doubleValue != null) return doubleJson(v.doubleValue)
  if (v.arrayValue != null) {
    if (depth >= MAX_VALUE_NESTING)
      throw new OtlpDecodeError(`AnyValue nested deeper than ${MAX_VALUE_NESTING} levels`)
    const values = v.arrayValue.values
    let out = '['
    for (let i = 0; i < values.length; i++) {
      out += `${i === 0 ? '' : ','}${anyValueJson(values[i], limiter, depth + 1)}`
    }
    return `${out}]`
  }
  if (v.kvlistValue != null) {
    if (depth >= MAX_VALUE_NESTING)
      throw new OtlpDecodeError(`AnyValue nested deeper than ${MAX_VALUE_NESTING} levels`)
    return keyValuesJson(v.kvlistValue.values, limiter, depth + 1)
  }
  if (v.bytesValue != null) {
    limiter.checkBytes(v.bytesValue.byteLength)
    return `"${bytesBuffer(v.bytesValue).toString('base64')}"`
  }
  return 'null'
}

/** Below this size a quadratic scan for duplicate keys beats building a Map. */
const SMALL_LIST = 16

/**
 * A `KeyValue` list as JSON object text. OTLP says keys are unique but receivers see duplicates;
 * the last one wins, because a JSON object with repeated keys is ambiguous downstream.
 */
export const keyValuesJson = (list: KeyValueMsg[], limiter: AttributeLimiter, depth: number): string => {
  const n = list.length
  if (n === 0) return '{}'
  let lastIndex: Map<string, number> | undefined
  if (n > SMALL_LIST) {
    lastIndex = new Map()
    for (let i = 0; i < n; i++) lastIndex.set(list[i]!.key ?? '', i)
  }
  let out = '{'
  let first = true
  for (let i = 0; i < n; i++) {
    const kv = list[i]!
    const key = kv.key ?? ''
    if (lastIndex === undefined) {
      let shadowed = false
      for (let j = i + 1; j < n; j++) {
        if ((list[j]!.key ?? '') === key) {
          shadowed = true
          break
        }
      }
      if (shadowed) continue
    } else if (lastIndex.get(key) !== i) {
      continue
    }
    out += `${first ? '' : ','}${JSON.stringify(key)}:${anyValueJson(kv.value, limiter, depth)}`
    first = false
  }
  return `${out}}`
}
