import { type SaturationLimits, SaturationThresholds } from './SaturationThresholds.js'

/** Risk of one resource, or of a host as the worst of its resources. */
export type SaturationRisk = 'ok' | 'warning' | 'critical'

/** One bucket of a utilisation series: its start (ms since the epoch) and mean value, null when empty. */
export interface TrendPoint {
  atMs: number
  value: number | null
}

/** Slope, projection and risk of a utilisation series. */
export interface SaturationTrend {
  /** Least-squares slope over the non-empty buckets, ratio per hour; null with fewer than two of them. */
  slopePerHour: number | null
  /** `latest + slope × horizon`, clamped to [0, 1]; `latest` when there is no slope; null without data. */
  projected: number | null
  risk: SaturationRisk
}

const riskOrder: readonly SaturationRisk[] = ['ok', 'warning', 'critical']

/** The worse of two risks. */
export const worseRisk = (a: SaturationRisk, b: SaturationRisk): SaturationRisk =>
  riskOrder.indexOf(a) >= riskOrder.indexOf(b) ? a : b

/** The risk of a single utilisation value; null (no data) is `ok`. */
export const riskOf = (
  value: number | null,
  limits: SaturationLimits = SaturationThresholds,
): SaturationRisk => {
  if (value === null) return 'ok'
  if (value >= limits.critical) return 'critical'
  if (value >= limits.warning) return 'warning'
  return 'ok'
}

const msPerHour = 3_600_000

/**
 * Fits a line through the bucket means (time in hours) and projects the latest value `horizonHours` ahead.
 * The risk is the worse of the latest value's and the projection's.
 */
export const saturationTrend = (
  points: readonly TrendPoint[],
  latest: number | null,
  horizonHours = 1,
  limits: SaturationLimits = SaturationThresholds,
): SaturationTrend => {
  if (!(limits.warning <= limits.critical)) {
    throw new RangeError(`warning (${limits.warning}) must not exceed critical (${limits.critical})`)
  }
  const filled = points.filter((point): point is { atMs: number; value: number } => point.value !== null)
  let slopePerHour: number | null = null
  if (filled.length >= 2) {
    // Centred on the first point so epoch-sized x values do not cost precision.
    const origin = filled[0]?.atMs ?? 0
    const xs = filled.map((point) => (point.atMs - origin) / msPerHour)
    const meanX = xs.reduce((sum, x) => sum + x, 0) / xs.length
    const meanY = filled.reduce((sum, point) => sum + point.value, 0) / filled.length
    let covariance = 0
    let variance = 0
    for (const [i, point] of filled.entries()) {
      const dx = (xs[i] ?? 0) - meanX
      covariance += dx * (point.value - meanY)
      variance += dx * dx
    }
    slopePerHour = variance === 0 ? null : covariance / variance
  }
  const base = latest ?? filled.at(-1)?.value ?? null
  const projected = base === null ? null : Math.min(1, Math.max(0, base + (slopePerHour ?? 0) * horizonHours))
  return { slopePerHour, projected, risk: worseRisk(riskOf(base, limits), riskOf(projected, limits)) }
}
