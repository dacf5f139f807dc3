/**
 * Utilisation ratios (0–1) at which a host resource counts as at risk. A resource is `warning` or `critical`
 * when its latest value, or its value projected `projectionHours` ahead, reaches the threshold.
 */
export const SaturationThresholds = {
  warning: 0.75,
  critical: 0.9,
} as const

/** The thresholds `saturationTrend` compares against. */
export interface SaturationLimits {
  warning: number
  critical: number
}

/** How the `/api/infra` window is cut for trends, and how far ahead a trend is projected. */
export const InfraTrendDefaults = {
  /** Buckets per window; a few more than one per five minutes of the default hour would be noise. */
  buckets: 12,
  projectionHours: 1,
} as const
