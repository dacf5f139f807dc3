import { DurationUnits } from '@vigil/slo'

/**
 * A whole number followed by one unit (the SLO specs' units), with nothing between them: `500ms`, `30s`, `10m`, `12h`, `7d`, `4w`.
 * Stricter than specs: no fractions, since a config value's unit should be exact.
 */
export const durationPattern = /^(\d{1,15})(ms|s|m|h|d|w)$/

/**
 * Parses a duration such as `500ms`, `30s`, `10m`, `12h`, `7d` or `4w` into milliseconds.
 * Returns `undefined` for anything else (including `7 days`, `1.5h` and bare numbers, whose unit
 * would be a guess) and for amounts too large to count exactly in milliseconds.
 */
export const parseDuration = (text: string): number | undefined => {
  const match = durationPattern.exec(text)
  if (!match) return undefined
  const ms = Number(match[1]) * DurationUnits[match[2]!]!
  return Number.isSafeInteger(ms) ? ms : undefined
}
