import { type VitalName, VitalThresholds } from './VitalThresholds.js'

/** Rating of a web vital value, as web-vitals and the Chrome UX Report name them. */
export type VitalRating = 'good' | 'needs-improvement' | 'poor'

/** Rates a web vital value against {@link VitalThresholds}; used by the collector to re-check SDK ratings. */
export const rateVital = (name: VitalName, value: number): VitalRating => {
  const [good, poor] = VitalThresholds[name]
  if (value <= good) return 'good'
  return value <= poor ? 'needs-improvement' : 'poor'
}
