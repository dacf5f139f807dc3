import type { WindowSpec } from './windows.js'

const DAY = 86_400_000

/**
 * Shortest and longest period a window can have: a rolling window is always its length; a calendar
 * month lasts 28–31 days and a quarter 90–92 (give or take the DST hour).
 */
export const nominalPeriods = (window: WindowSpec): { shortestMs: number; longestMs: number } => {
  if (window.type === 'rolling') return { shortestMs: window.durationMs, longestMs: window.durationMs }
  return window.unit === 'month'
    ? { shortestMs: 28 * DAY, longestMs: 31 * DAY }
    : { shortestMs: 90 * DAY, longestMs: 92 * DAY }
}
