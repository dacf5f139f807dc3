export { type AlertRuleState, type AlertStateInput, type AlertStatus, alertState } from './alertState.js'
export { burnRate } from './burnRate.js'
export { burnRateFactor, burnRateFactors, type ResolvedAlertRule } from './burnRateFactors.js'
export { checkSlos } from './checkSlos.js'
export { type CompositeMethod, type CompositePart, compositeCounts } from './composite.js'
export { assertCounts, type Counts, type MinuteBucket } from './counts.js'
export { DefaultAlerting } from './defaultAlerting.js'
export { DurationUnits, formatDuration, parseDuration } from './duration.js'
export { type ErrorBudget, errorBudget } from './errorBudget.js'
export { type AlertsEvaluation, type EvaluateAlertsInput, evaluateAlerts } from './evaluateAlerts.js'
export { evaluateSlo, type SloData, type SloStatus } from './evaluateSlo.js'
export { type ExhaustionForecast, type ForecastInput, forecastExhaustion } from './forecastExhaustion.js'
export { importOpenSlo, OpenSloPageSeverities, OpenSloTicketSeverities } from './importOpenSlo.js'
export { type ImportSlothOptions, importSloth } from './importSloth.js'
export { neverFiringRules, ruleNeverFires } from './neverFiringRules.js'
export { nominalPeriods } from './nominalPeriods.js'
export { type ParseSloSpecOptions, parseSloSpec, type SloSpecResult } from './parseSloSpec.js'
export { promDuration } from './promDuration.js'
export {
  type AlertingRule,
  type PrometheusRulesOptions,
  prometheusRules,
  type RecordingRule,
  type RuleFile,
  type RuleGroup,
  SliRuleWindows,
} from './prometheusRules.js'
export { ruleFileYaml } from './ruleFileYaml.js'
export { rulesExportIssues } from './rulesExportIssues.js'
export { rulesPeriodMs } from './rulesPeriod.js'
export { sli } from './sli.js'
export { type SliErrorQuery, SliEventsMetric, SliSlicesMetric, sliErrorQuery } from './sliErrorQuery.js'
export type {
  AlertingSpec,
  BudgetingSpec,
  CompositePartSpec,
  CompositeSli,
  PrometheusSli,
  RumJourneyStepSli,
  RumPageViewSli,
  RumVitalSli,
  SliSpec,
  SloSpec,
  SpanFilter,
  SpanSli,
  SpecOrigin,
  TimesliceCondition,
} from './spec.js'
export { parseCondition } from './specFields.js'
export { formatSpecIssue, type SpecIssue } from './specIssue.js'
export { sumBuckets } from './sumBuckets.js'
export { assertTarget } from './target.js'
export {
  type ComparisonOp,
  type EmptySlicePolicy,
  ratioTimesliceCounts,
  type SliceCounts,
  type SliceValue,
  sliceBuckets,
  sliceRatios,
  timesliceCounts,
} from './timeslices.js'
export { isValidTimeZone, type ZonedParts, zonedParts, zonedTimeToUtc, zoneOffsetMs } from './timeZone.js'
export { type VitalName, VitalThresholds } from './vitalThresholds.js'
export {
  type CalendarWindow,
  type RollingWindow,
  type WindowBounds,
  type WindowSpec,
  windowBounds,
} from './windows.js'
export { type AlertRule, type AlertSeverity, WorkbookAlertRules } from './workbookAlertRules.js'
