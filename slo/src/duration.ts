/** Milliseconds per duration unit accepted in specs (`ms`, `s`, `m`, `h`, `d`, `w`). */
export const DurationUnits: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

const durationPattern = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/

/**
 * Parses a fixed-length duration such as `5m`, `1h`, `28d` or `2w` into milliseconds. Returns
 * `null` for anything else (calendar units like `1M` are not fixed lengths and are not accepted).
 */
export const parseDuration = (text: string): number | null => {
  const match = durationPattern.exec(text.trim())
  if (!match) return null
  const ms = Number(match[1]) * (DurationUnits[match[2] as string] as number)
  return ms > 0 && Number.isFinite(ms) ? ms : null
}

const formatOrder = ['w', 'd', 'h', 'm', 's', 'ms'] as const

/**
 * Formats milliseconds in the largest unit that divides them exactly (`2592000000` → `30d`), the
 * form Prometheus range selectors and specs use.
 */
export const formatDuration = (ms: number): string => {
  if (!(Number.isInteger(ms) && ms > 0))
    throw new RangeError(`duration must be a positive integer of ms: ${ms}`)
  for (const unit of formatOrder) {
    const size = DurationUnits[unit] as number
    if (ms % size === 0) return `${ms / size}${unit}`
  }
  return `${ms}ms`
}
