export { type CompiledSli, compileSliSql } from './compileSliSql.js'
export { type DimensionValue, loadBuckets, loadBucketsMany } from './loadBuckets.js'
export { loadDayBuckets } from './loadDayBuckets.js'
export { loadSliceTotals, type SliceTotals } from './loadSliceTotals.js'
export { type PercentileStream, percentileStream } from './percentileStream.js'
export { pruneRollups, RollupRetentionMs } from './pruneRollups.js'
export { type RollupStatements, rollupStatements } from './rollupStatements.js'
export { SloRollup } from './SloRollup.js'
export { type SloRollupStore, sloServiceReaders } from './SloRollupStore.js'
export { isEvaluable, type SloEvaluation, SloService, type SloServiceOptions } from './SloService.js'
export { type StagedSource, stagedSource } from './StagedSource.js'
export { parseMonth, type SlaReport, slaReport } from './slaReport.js'
export {
  type SliSourceKind,
  type SloDimension,
  SloDimensions,
  stagedSpansRelation,
} from './sliRelations.js'
export { type Attribution, sloAttribution } from './sloAttribution.js'
export { sloCommitHook } from './sloCommitHook.js'
export { sloRollupMigration } from './sloRollupMigration.js'
export { MaxSeriesPoints, type SeriesPoint, sloSeries } from './sloSeries.js'
export { type CollectorSloData, sloStatus } from './sloStatus.js'
export { RumLookbackMs, stagedRumRelation } from './stagedRumRelation.js'
