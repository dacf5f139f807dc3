import { burnRateFactors } from './burnRateFactors.js'
import { compositeCounts } from './composite.js'
import type { Counts, MinuteBucket } from './counts.js'
import { type ErrorBudget, errorBudget } from './errorBudget.js'
import { type AlertsEvaluation, evaluateAlerts } from './evaluateAlerts.js'
import { type ExhaustionForecast, forecastExhaustion } from './forecastExhaustion.js'
import { sli } from './sli.js'
import type { SloSpec } from './spec.js'
import { sumBuckets } from './sumBuckets.js'
import { type SliceValue, sliceBuckets, timesliceCounts } from './timeslices.js'
import { type WindowBounds, windowBounds } from './windows.js'
import type { AlertSeverity } from './workbookAlertRules.js'

/** The counts an SLO is evaluated from, as the collector keeps them. */
export interface SloData {
  /** Minute buckets of the SLO's SLI (occurrences, ratio time slices, ratio-timeslices). */
  buckets?: readonly MinuteBucket[]
  /**
   * For `percentile` or `value` time slices: one value per slice, already aggregated (e.g. the p95
   * of the slice's span durations), slices aligned to the window start.
   */
  sliceValues?: readonly SliceValue[]
  /** For composite SLOs: each part's minute buckets, by part id. */
  parts?: Readonly<Record<string, readonly MinuteBucket[]>>
}

/** Everything the console and the alert loop show for one SLO at one instant. */
export interface SloStatus {
  id: string
  at: number
  window: WindowBounds
  /** What the counts count: events, time slices, or weight units (composites by SLI). */
  unit: 'events' | 'slices' | 'weight'
  /** Counts over `[window.start, at)` in `unit`. */
  counts: Counts
  /** good / total, `null` without data. */
  sli: number | null
  budget: ErrorBudget
  alerts: AlertsEvaluation
  /** `null` when the data cannot be cut into a series (composites by SLI, value slices). */
  forecast: ExhaustionForecast | null
}

/** Counts and event totals over any `[start, end)`, plus a bucket series when one exists. */
interface Source {
  unit: SloStatus['unit']
  countsOver: (start: number, end: number) => Counts
  eventsOver?: (start: number, end: number) => number
  series: readonly MinuteBucket[] | null
}

const slicesAsSeries = (values: readonly SliceValue[], slo: SloSpec): MinuteBucket[] => {
  if (slo.budgeting.method !== 'timeslices') return []
  const { op, threshold } = slo.budgeting.condition
  const policy = slo.budgeting.emptySlices
  return values.flatMap((v) => {
    const c = timesliceCounts([v], op, threshold, policy)
    return c.total > 0 ? [{ minute: v.start, good: c.good, total: c.total }] : []
  })
}

const sourceOf = (slo: SloSpec, data: SloData, bounds: WindowBounds, lookbackMs: number): Source => {
  const { budgeting } = slo
  if (slo.sli.source === 'composite') {
    const { method, parts } = slo.sli
    const partBuckets = parts.map((p) => ({ weight: p.weight, buckets: data.parts?.[p.slo] ?? [] }))
    const countsOver = (start: number, end: number): Counts =>
      compositeCounts(
        partBuckets.map((p) => ({ weight: p.weight, counts: sumBuckets(p.buckets, start, end) })),
        method,
      )
    const eventsOver = (start: number, end: number): number =>
      partBuckets.reduce((n, p) => n + sumBuckets(p.buckets, start, end).total, 0)
    if (method === 'sli') return { unit: 'weight', countsOver, eventsOver, series: null }
    const series = partBuckets.flatMap((p) =>
      p.buckets.map((b) => ({ minute: b.minute, good: b.good * p.weight, total: b.total * p.weight })),
    )
    return { unit: 'events', countsOver, eventsOver, series }
  }
  const buckets = data.buckets ?? []
  const eventsOver = (start: number, end: number): number => sumBuckets(buckets, start, end).total
  if (budgeting.method === 'occurrences') {
    return { unit: 'events', countsOver: (s, e) => sumBuckets(buckets, s, e), series: buckets }
  }
  // Slices are aligned to the window start and reach back far enough for the longest alert window.
  const earliest = Math.min(bounds.start, bounds.end - lookbackMs)
  const first = bounds.start - Math.ceil((bounds.start - earliest) / budgeting.sliceMs) * budgeting.sliceMs
  const slices = sliceBuckets(buckets, first, bounds.end, budgeting.sliceMs)
  let series: MinuteBucket[]
  if (budgeting.method === 'ratioTimeslices') {
    series = slices
      .filter((s) => s.total > 0)
      .map((s) => ({ minute: s.start, good: s.good / s.total, total: 1 }))
  } else if (budgeting.condition.measure === 'ratio') {
    series = slicesAsSeries(
      slices.map((s) => ({ start: s.start, value: s.total > 0 ? s.good / s.total : null })),
      slo,
    )
  } else {
    series = slicesAsSeries(data.sliceValues ?? [], slo)
    return { unit: 'slices', countsOver: (s, e) => sumBuckets(series, s, e), series: null }
  }
  return { unit: 'slices', countsOver: (s, e) => sumBuckets(series, s, e), eventsOver, series }
}

/**
 * Evaluates one SLO at instant `at`: SLI, error budget, burn-rate alerts and the exhaustion
 * forecast, all from counts. Pure: the same data and `at` always give the same status, so adding a
 * late bucket and evaluating a past `at` again gives the corrected past exactly.
 */
export const evaluateSlo = (slo: SloSpec, data: SloData, at: number): SloStatus => {
  const bounds = windowBounds(slo.window, at)
  const rules = burnRateFactors(bounds.periodMs, slo.alerting.rules)
  const longest = rules.reduce((m, r) => Math.max(m, r.longWindowMs), 0)
  const source = sourceOf(slo, data, bounds, longest)
  const counts = source.countsOver(bounds.start, at)
  const severities: AlertSeverity[] = []
  if (slo.alerting.page) severities.push('page')
  if (slo.alerting.ticket) severities.push('ticket')
  const alerts = evaluateAlerts({
    target: slo.objective,
    rules,
    countsOver: source.countsOver,
    ...(source.eventsOver ? { eventsOver: source.eventsOver } : {}),
    at,
    minEvents: slo.alerting.minEvents,
    severities,
  })
  const forecast = source.series
    ? forecastExhaustion({ target: slo.objective, window: slo.window, buckets: source.series, at })
    : null
  return {
    id: slo.id,
    at,
    window: bounds,
    unit: source.unit,
    counts,
    sli: sli(counts),
    budget: errorBudget(slo.objective, counts, bounds.periodMs),
    alerts,
    forecast,
  }
}
