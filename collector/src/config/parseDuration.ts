/** Milliseconds in one of each duration unit a config value may use. */
export const durationUnits = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const

/** A whole number followed by one unit, with nothing between them: `500ms`, `30s`, `10m`, `12h`, `7d`, `4w`. */
export const durationPattern = /^(\d{1,15})(ms|s|m|h|d|w)$/

/**
 * Parses a duration such as `500ms`, `30s`, `10m`, `12h`, `7d` or `4w` into milliseconds.
 * Returns `undefined` for anything else (including `7 days`, `1.5h` and bare numbers, whose unit
 * would be a guess) and for amounts too large to count exactly in milliseconds.
 */
export const parseDuration = (text: string): number | undefined => {
  const match = durationPattern.exec(text)
  if (!match) return undefined
  const ms = Number(match[1]) * durationUnits[match[2] as keyof typeof durationUnits]
  return Number.isSafeInteger(ms) ? ms : undefined
}
