const units: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
]

/**
 * Formats milliseconds as a Prometheus duration in the largest of `d h m s ms` that divides them
 * exactly. Unlike `formatDuration` it never uses weeks, so a 7-day window reads `7d`, as Sloth
 * names its rules (`slo:sli_error:ratio_rate7d`).
 */
export const promDuration = (ms: number): string => {
  if (!(Number.isInteger(ms) && ms > 0))
    throw new RangeError(`duration must be a positive integer of ms: ${ms}`)
  for (const [unit, size] of units) if (ms % size === 0) return `${ms / size}${unit}`
  return `${ms}ms`
}
