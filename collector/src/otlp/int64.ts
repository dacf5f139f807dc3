import type { Int64 } from './otlpMessages.js'

const TWO_32 = 4_294_967_296n

/**
 * The exact value of a decoded 64-bit field. {@link OtlpReader} and the JSON path already produce
 * bigints; a protobufjs `Long` only shows up if a default leaks through, and is converted bit-exactly.
 */
export const int64 = (value: Int64 | null | undefined): bigint => {
  if (typeof value === 'bigint') return value
  if (value == null) return 0n
  const low = BigInt(value.low >>> 0)
  return value.unsigned ? BigInt(value.high >>> 0) * TWO_32 + low : BigInt(value.high | 0) * TWO_32 + low
}
