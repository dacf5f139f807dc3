import { nominalPeriods } from './nominalPeriods.js'
import type { WindowSpec } from './windows.js'

/**
 * The period Prometheus rules are built for. A rolling window is its own length. Rule files are
 * static and cannot follow the calendar, so a calendar window is exported as its shortest period
 * (28 d for a month, 90 d for a quarter): burn-rate factors then come out a little low, and alerts
 * fire a little early rather than late. Vigil's own evaluation uses the true length of each period.
 */
export const rulesPeriodMs = (window: WindowSpec): number => nominalPeriods(window).shortestMs
