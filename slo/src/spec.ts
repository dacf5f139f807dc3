import type { CompositeMethod } from './composite.js'
import type { ComparisonOp, EmptySlicePolicy } from './timeslices.js'
import type { VitalName } from './vitalThresholds.js'
import type { WindowSpec } from './windows.js'
import type { AlertRule } from './workbookAlertRules.js'

/** Which spans an SLI looks at; every field that is set must match. */
export interface SpanFilter {
  /** `service.name` of the span's resource. */
  service?: string
  /** HTTP route template (`http.route`), e.g. `POST /api/pay`. */
  route?: string
  /** Journey copied from W3C baggage onto the span. */
  journey?: string
  /** Span name. */
  name?: string
}

/** Journey steps from the browser: good = step completed, total = step started. */
export interface RumJourneyStepSli {
  source: 'rum'
  event: 'journeyStep'
  /** Step name; all steps of the SLO's journey when omitted. */
  step?: string
}

/** Page views: good = the page loaded without an error. */
export interface RumPageViewSli {
  source: 'rum'
  event: 'pageView'
  /** Route pattern; all routes when omitted. */
  route?: string
}

/** A web vital per page view: good = value ≤ threshold (LCP ≤ 2500 ms by default). */
export interface RumVitalSli {
  source: 'rum'
  event: 'vital'
  vital: VitalName
  /** Upper bound of a good value, in the vital's unit (ms; unitless for CLS). */
  threshold: number
  route?: string
}

/** Spans: good = status not error (`status`) or duration ≤ threshold (`latency`). */
export interface SpanSli {
  source: 'spans'
  good: 'status' | 'latency'
  /** Required for `latency`. */
  thresholdMs?: number
  filter: SpanFilter
}

/**
 * Prometheus queries imported from OpenSLO or Sloth. Vigil keeps them opaque for rules export but
 * cannot evaluate them from its own events.
 */
export interface PrometheusSli {
  source: 'prometheus'
  /** Query counting good events. */
  goodQuery?: string
  /** Query counting bad events (Sloth `error_query`, OpenSLO `bad`). */
  badQuery?: string
  /** Query counting all events. */
  totalQuery?: string
  /** Query for an error ratio (Sloth `raw.error_ratio_query`). */
  errorRatioQuery?: string
  /** Query for a value judged against a threshold (OpenSLO `thresholdMetric`). */
  valueQuery?: string
  /** For `valueQuery` with occurrences budgeting: each sample is good when it meets this. */
  threshold?: { op: ComparisonOp; value: number }
}

/** One part of a composite SLO. */
export interface CompositePartSpec {
  /** Id of another SLO in the same set. */
  slo: string
  weight: number
}

/** A composite SLO per journey: a weighted combination of other SLOs. */
export interface CompositeSli {
  source: 'composite'
  method: CompositeMethod
  parts: CompositePartSpec[]
}

/** What the SLI counts. */
export type SliSpec =
  | RumJourneyStepSli
  | RumPageViewSli
  | RumVitalSli
  | SpanSli
  | PrometheusSli
  | CompositeSli

/**
 * How a time slice is judged: its good/total `ratio`, a `percentile` of its values (span durations
 * or vital values), or an opaque metric `value`, compared with `threshold`.
 */
export interface TimesliceCondition {
  measure: 'ratio' | 'percentile' | 'value'
  /** 50, 90, 95, 99… for `percentile`. */
  percentile?: number
  op: ComparisonOp
  threshold: number
}

/** How the error budget is counted. */
export type BudgetingSpec =
  | { method: 'occurrences' }
  | { method: 'timeslices'; sliceMs: number; condition: TimesliceCondition; emptySlices: EmptySlicePolicy }
  | { method: 'ratioTimeslices'; sliceMs: number }

/** Alerting settings of one SLO. */
export interface AlertingSpec {
  /** Guard rail: a rule never fires with fewer (weighted) events than this in its long window. */
  minEvents: number
  /** Page alerts on. */
  page: boolean
  /** Ticket alerts on. */
  ticket: boolean
  /** Burn-rate rules; the SRE Workbook table unless the spec gives its own. */
  rules: AlertRule[]
}

/** Where a spec came from, for messages and for round trips. */
export interface SpecOrigin {
  format: 'vigil' | 'openslo' | 'sloth'
  file: string
  line: number
}

/** One service level objective, in plain serializable data. */
export interface SloSpec {
  id: string
  displayName?: string
  description?: string
  /** The journey the SLO judges; set this or `service` (or both). */
  journey?: string
  /** The service the SLO judges. */
  service?: string
  sli: SliSpec
  /** Target share of good events (or slices), in (0,1). */
  objective: number
  window: WindowSpec
  budgeting: BudgetingSpec
  alerting: AlertingSpec
  /** Free-form labels kept for rules export. */
  labels: Record<string, string>
  origin: SpecOrigin
}
