import { assertDuration } from './target.js'
import { zonedParts, zonedTimeToUtc } from './timeZone.js'

/** A rolling window of fixed length ending at the evaluation instant. */
export interface RollingWindow {
  type: 'rolling'
  /** Length of the window in ms (e.g. 28 days). */
  durationMs: number
}

/** A calendar window: the month or quarter, in a time zone, that contains the evaluation instant. */
export interface CalendarWindow {
  type: 'calendar'
  unit: 'month' | 'quarter'
  /** IANA time zone name, e.g. `Europe/Berlin`; periods start at local midnight on the 1st. */
  timeZone: string
}

/** The window over which an SLO is judged. */
export type WindowSpec = RollingWindow | CalendarWindow

/** Bounds of a window at one instant. Data counts when its minute lies in `[start, end)`. */
export interface WindowBounds {
  /** First instant of the window (ms since epoch). */
  start: number
  /** The evaluation instant: data up to (not including) it counts. */
  end: number
  /** End of the whole period: `end` for rolling windows, the next month/quarter start for calendar ones. */
  periodEnd: number
  /** periodEnd − start: the SLO period that budgets and burn-rate factors are derived from. */
  periodMs: number
}

const monthsPerUnit = { month: 1, quarter: 3 } as const

/**
 * Where the window lies at instant `at`. Calendar periods are found in the window's time zone, so a
 * month that contains a DST change is one hour shorter or longer than its days suggest.
 */
export const windowBounds = (window: WindowSpec, at: number): WindowBounds => {
  if (!Number.isFinite(at)) throw new RangeError(`at must be a finite ms timestamp: ${at}`)
  if (window.type === 'rolling') {
    assertDuration('window.durationMs', window.durationMs)
    return { start: at - window.durationMs, end: at, periodEnd: at, periodMs: window.durationMs }
  }
  const span = monthsPerUnit[window.unit]
  const local = zonedParts(at, window.timeZone)
  const firstMonth = Math.floor((local.month - 1) / span) * span + 1
  const start = zonedTimeToUtc({ year: local.year, month: firstMonth, day: 1 }, window.timeZone)
  const periodEnd = zonedTimeToUtc({ year: local.year, month: firstMonth + span, day: 1 }, window.timeZone)
  return { start, end: at, periodEnd, periodMs: periodEnd - start }
}
