/** JSON text of a string. */
export const jsonString = (value: string): string => JSON.stringify(value)

/** JSON text of an attribute map from a decoder, `{}` when it is empty text. */
export const jsonObject = (text: string): string => (text === '' ? '{}' : text)

/**
 * JSON text of a double. JSON has no NaN or infinities, so those travel as strings, which DuckDB's
 * `from_json` turns back into the DOUBLE values `nan`, `inf` and `-inf`.
 */
export const jsonDouble = (value: number | null): string => {
  if (value === null) return 'null'
  return Number.isFinite(value) ? String(value) : `"${value}"`
}

/** JSON array text of doubles. */
export const jsonDoubles = (values: readonly number[]): string => {
  let text = '['
  for (let i = 0; i < values.length; i++) text += (i === 0 ? '' : ',') + jsonDouble(values[i] ?? null)
  return `${text}]`
}

/** JSON array text of 64-bit integers; every digit is kept. */
export const jsonIntegers = (values: readonly bigint[]): string => `[${values.join(',')}]`

/** Largest nanosecond count DuckDB's TIMESTAMP_NS accepts (2262-04-11). */
const maxNanos = 9_223_372_036_854_775_806n

/**
 * Nanoseconds clamped into what TIMESTAMP_NS and BIGINT hold. OTLP times are uint64, so a client can send
 * values DuckDB refuses, and one such row would otherwise fail the whole group commit it joined.
 */
export const nanos = (value: bigint): bigint => (value > maxNanos ? maxNanos : value < 0n ? 0n : value)
