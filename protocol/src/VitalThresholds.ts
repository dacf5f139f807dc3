/**
 * Rating thresholds of the Core Web Vitals and their diagnostics, as published by web.dev:
 * a value up to and including `[0]` is good, up to and including `[1]` needs improvement,
 * above `[1]` is poor. Milliseconds except CLS (unitless).
 */
export const VitalThresholds = {
  LCP: [2500, 4000],
  INP: [200, 500],
  CLS: [0.1, 0.25],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
} as const satisfies Record<string, readonly [number, number]>

/** Name of a web vital the protocol carries. */
export type VitalName = keyof typeof VitalThresholds
