/** Bytes in one of each size unit a config value may use; SI units are powers of 1000, IEC units of 1024. */
export const sizeUnits = {
  b: 1,
  kb: 1_000,
  kib: 1_024,
  mb: 1_000_000,
  mib: 1_048_576,
  gb: 1_000_000_000,
  gib: 1_073_741_824,
} as const

/** A number (decimals allowed) and an optional unit, unit case ignored: `512KiB`, `16MiB`, `1.5GiB`, `65536`. */
export const sizePattern = /^(\d{1,15}(?:\.\d{1,6})?)([kKmMgG][iI]?[bB]|[bB])?$/

/**
 * Parses a size such as `512KiB`, `16MiB`, `1GiB`, `10MB` or a plain byte count (`65536`, as text
 * or as a number) into whole bytes, rounding fractions of a unit down (a byte count itself must be whole). Returns `undefined` for anything else.
 */
export const parseSize = (input: string | number): number | undefined => {
  if (typeof input === 'number') return Number.isSafeInteger(input) && input >= 0 ? input : undefined
  const match = sizePattern.exec(input)
  if (!match) return undefined
  const unit = (match[2] ?? 'b').toLowerCase() as keyof typeof sizeUnits
  if (unit === 'b' && match[1]!.includes('.')) return undefined
  const bytes = Math.floor(Number(match[1]) * sizeUnits[unit])
  return Number.isSafeInteger(bytes) ? bytes : undefined
}
