import type { VitalName, VitalRating } from '@vigil/protocol'
import type { RumRow } from './RumRow.js'

/** Outcome of storing one batch: rows newly stored, and rows already stored earlier (retries). */
export interface RumWriteResult {
  accepted: number
  duplicates: number
}

/** What vitals are grouped by. */
export type VitalsGrouping = 'page' | 'browser' | 'device' | 'none'

/** A window of RUM events, by skew-corrected event time, optionally for one app. */
export interface RumWindow {
  fromNs: bigint
  toNs: bigint
  /** Only this app; every app when absent. */
  app?: string
}

export interface VitalsQuery extends RumWindow {
  by: VitalsGrouping
}

/**
 * One vital in one group. Each metric instance (`metricId`) counts once, with its latest reported
 * value. Shares are weighted by `1 / sampleRate`; the p75 is over the sampled values.
 */
export interface VitalSummary {
  /** Route pattern, browser name or device type; `all` when not grouped; `(unknown)` when not known. */
  group: string
  metric: VitalName
  /** Metric instances in the window. */
  samples: number
  /** Metric instances once sampling is undone (sum of `1 / sampleRate`). */
  estimatedCount: number
  /** 75th percentile (linear interpolation) of the values: ms, or unitless for CLS. */
  p75: number
  /** Rating of the p75 against the web.dev thresholds. */
  p75Rating: VitalRating
  good: number
  needsImprovement: number
  poor: number
}

export interface RumErrorsQuery extends RumWindow {
  /** Most groups returned, the most frequent first. */
  limit: number
}

/** Errors sharing a fingerprint. */
export interface RumErrorGroup {
  app: string
  fingerprint: string
  /** Type and message of the latest occurrence. */
  errorType: string
  message: string
  /** Error events stored. */
  events: number
  /** Occurrences including those the SDK suppressed, weighted by `1 / sampleRate`. */
  occurrences: number
  /** Distinct sessions that saw the error (sampled sessions). */
  sessions: number
  /** Share of events that were not caught by the app. */
  unhandledShare: number
  firstSeen: string
  lastSeen: string
  /** Top stack frame of the latest occurrence, when the browser gave one. */
  topFrame: { fn?: string; file?: string; line?: number; col?: number } | null
}

/** Figures of one step of a journey. Durations are time spent in the step, until the next step or the outcome. */
export interface JourneyStepSummary {
  step: string
  /** Journey instances that reached this step (started it, or ended there). */
  reached: number
  /** Instances that failed or were abandoned with this step as the last. */
  failedHere: number
  abandonedHere: number
  p50Ms: number | null
  p75Ms: number | null
  p95Ms: number | null
}

/** One journey over a window: instances by outcome and a step funnel in step order. */
export interface JourneySummary {
  app: string
  journey: string
  /** Journey instances with any event in the window. */
  attempts: number
  completions: number
  failures: number
  abandons: number
  /** Instances without an outcome yet (read as abandoned once the SDK's journey timeout has passed). */
  open: number
  /** Time to complete, for completed instances. */
  completionP50Ms: number | null
  completionP95Ms: number | null
  steps: JourneyStepSummary[]
}

/** RUM storage: exact-dedupe writes and the RUM queries. `Storage` implements it. */
export interface RumStore {
  /** Commits the rows (acknowledge only after this resolves); duplicates by (app, event id) are not stored again. */
  writeRum(rows: readonly RumRow[]): Promise<RumWriteResult>
  rumVitals(query: VitalsQuery): Promise<VitalSummary[]>
  rumErrors(query: RumErrorsQuery): Promise<RumErrorGroup[]>
  journeys(query: RumWindow): Promise<JourneySummary[]>
}
