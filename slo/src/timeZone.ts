/** Wall-clock fields of an instant in a time zone (month 1–12). */
export interface ZonedParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** True when the runtime knows the IANA time zone name. */
export const isValidTimeZone = (timeZone: string): boolean => {
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

/** The wall-clock reading of instant `t` (ms since epoch) in `timeZone`. */
export const zonedParts = (t: number, timeZone: string): ZonedParts => {
  const parts: Record<string, number> = {}
  for (const p of formatterFor(timeZone).formatToParts(new Date(t))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  }
}

const floorToSecond = (t: number): number => t - (((t % 1000) + 1000) % 1000)

/** Offset of `timeZone` from UTC at instant `t`, in ms (Europe/Berlin in summer: +7_200_000). */
export const zoneOffsetMs = (t: number, timeZone: string): number => {
  const p = zonedParts(t, timeZone)
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - floorToSecond(t)
}

const DAY = 86_400_000

/**
 * The instant at which the wall clock in `timeZone` first reads the given fields. Fields overflow
 * like `Date.UTC` (month 13 is January of the next year). When DST makes the reading occur twice,
 * the earlier instant wins; when a DST gap skips it, the instant the gap ends wins (the first
 * instant of that local day or hour).
 */
export const zonedTimeToUtc = (fields: Partial<ZonedParts> & { year: number }, timeZone: string): number => {
  const local = Date.UTC(
    fields.year,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  )
  // The offsets a day either side bracket any single transition near the wanted reading.
  const candidates = [
    local - zoneOffsetMs(local - DAY, timeZone),
    local - zoneOffsetMs(local + DAY, timeZone),
  ]
  const valid = candidates.filter((t) => zoneOffsetMs(t, timeZone) === local - t)
  return valid.length > 0 ? Math.min(...valid) : Math.max(...candidates)
}
