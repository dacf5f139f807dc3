/** The browser vitals a RUM SLI can judge. */
export type VitalName = 'LCP' | 'INP' | 'CLS' | 'FCP' | 'TTFB'

/**
 * "Good" / "needs improvement" boundaries per vital (ms, CLS unitless), as published with Core Web
 * Vitals. A vital SLI counts a page as good when its value is at most the first number, unless the
 * spec sets its own threshold.
 */
export const VitalThresholds: Readonly<Record<VitalName, readonly [number, number]>> = {
  LCP: [2500, 4000],
  INP: [200, 500],
  CLS: [0.1, 0.25],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
}
