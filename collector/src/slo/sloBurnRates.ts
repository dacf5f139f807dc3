import { burnRate, type Counts, compositeCounts, type SloData, type SloSpec, sumBuckets } from '@vigil/slo'

/** Windows every status reports a burn rate for, as in the SRE Workbook alert table. */
export const StatusBurnWindows: Readonly<Record<string, number>> = {
  '5m': 300_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '6h': 21_600_000,
  '1d': 86_400_000,
  '3d': 259_200_000,
}

/** Event counts of an SLO over `[start, end)`: its own buckets, or the composite of its parts. */
export const countsOver = (slo: SloSpec, data: SloData, start: number, end: number): Counts => {
  if (slo.sli.source !== 'composite') return sumBuckets(data.buckets ?? [], start, end)
  return compositeCounts(
    slo.sli.parts.map((p) => ({
      weight: p.weight,
      counts: sumBuckets(data.parts?.[p.slo] ?? [], start, end),
    })),
    slo.sli.method,
  )
}

/**
 * Burn rate over each of `StatusBurnWindows` ending at `at`, from event counts (`null` without
 * traffic). Slice-budgeted SLOs burn by slices over the period; these short windows show their
 * event burn, which is what their alert guard reads too.
 */
export const sloBurnRates = (slo: SloSpec, data: SloData, at: number): Record<string, number | null> => {
  const rates: Record<string, number | null> = {}
  for (const [name, ms] of Object.entries(StatusBurnWindows)) {
    const counts = countsOver(slo, data, at - ms, at)
    rates[name] = counts.total > 0 ? burnRate(slo.objective, counts) : null
  }
  return rates
}
