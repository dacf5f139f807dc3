import { evaluateSlo, type MinuteBucket, type SloData, type SloSpec, type SloStatus } from '@vigil/slo'
import { percentileStream } from './percentileStream.js'

/** What the collector reads to evaluate an SLO: `SloData` plus the percentile threshold buckets. */
export interface CollectorSloData extends SloData {
  /** For `pNN OP x` slices: the buckets of the SLO's threshold stream (see `percentileStream`). */
  stream?: readonly MinuteBucket[]
}

/**
 * `evaluateSlo` as the collector calls it: percentile slices are judged as their equivalent ratio
 * condition over the threshold stream, everything else as the spec says over its own buckets.
 */
export const sloStatus = (slo: SloSpec, data: CollectorSloData, at: number): SloStatus => {
  const stream = percentileStream(slo)
  if (stream === null) return evaluateSlo(slo, data, at)
  return evaluateSlo(stream.spec, { buckets: data.stream ?? [] }, at)
}
