const maxSafe = BigInt(Number.MAX_SAFE_INTEGER)

// A JSON string (skipped as a whole, so digits inside strings are never touched), or an integer literal of
// 16+ digits that starts a value and is not followed by a fraction or exponent.
const stringOrLongInteger = /"(?:[^"\\]|\\.)*"|(?<=[:[,\s])-?\d{16,}(?![.\deE])/g

/**
 * `JSON.parse` that turns integers beyond ±(2^53 − 1) into decimal strings instead of rounding them,
 * so a 64-bit attribute value keeps every digit on its way to a JSON response.
 */
export const parseJsonExact = (text: string): unknown =>
  JSON.parse(
    text.replace(stringOrLongInteger, (match) => {
      if (match.startsWith('"')) return match
      const value = BigInt(match)
      return value > maxSafe || value < -maxSafe ? `"${match}"` : match
    }),
  )
