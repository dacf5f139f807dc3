import {
  type Counts,
  type MinuteBucket,
  ratioTimesliceCounts,
  type SloSpec,
  sliceBuckets,
  sliceRatios,
  timesliceCounts,
} from '@vigil/slo'
import { percentileStream } from './percentileStream.js'

/**
 * Judges the complete slices of a slice-budgeted SLO in `[from, to)` (slices aligned to multiples of
 * the slice length since the epoch), for `vigil_sli_slices_total`: timeslices count good/judged
 * slices, ratioTimeslices add each slice's ratio. Returns the counts and where the next unjudged
 * slice starts. Percentile slices are judged as their equivalent ratio condition, so `buckets` must
 * then be the SLO's threshold stream (`percentileStream`). `null` for SLOs a counter cannot follow
 * (occurrences, value slices).
 */
export const judgeNewSlices = (
  slo: SloSpec,
  buckets: readonly MinuteBucket[],
  from: number,
  to: number,
): { counts: Counts; next: number } | null => {
  const { budgeting } = percentileStream(slo)?.spec ?? slo
  if (budgeting.method === 'occurrences') return null
  if (budgeting.method === 'timeslices' && budgeting.condition.measure !== 'ratio') return null
  const slice = budgeting.sliceMs
  const first = Math.ceil(from / slice) * slice
  const next = Math.max(first, Math.floor(to / slice) * slice)
  if (next === first) return { counts: { good: 0, total: 0 }, next }
  const slices = sliceBuckets(buckets, first, next, slice)
  const counts =
    budgeting.method === 'ratioTimeslices'
      ? ratioTimesliceCounts(slices)
      : timesliceCounts(
          sliceRatios(slices),
          budgeting.condition.op,
          budgeting.condition.threshold,
          budgeting.emptySlices,
        )
  return { counts, next }
}
