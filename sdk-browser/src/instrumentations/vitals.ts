import { attributeVital, type LoadTimings, type VitalEntry } from '../attributeVital.js'
import type { Context } from '../context.js'
import { describeTarget } from '../describeTarget.js'
import { guard } from '../guard.js'
import { type MetricType, onCLS, onFCP, onINP, onLCP, onTTFB } from '../webVitals.js'

const loadTimings = (url: string | undefined): LoadTimings => {
  const nav = performance.getEntriesByType('navigation')[0] as
    | (PerformanceNavigationTiming & { activationStart?: number })
    | undefined
  const act = nav?.activationStart ?? 0
  const res = url
    ? (performance.getEntriesByName(url, 'resource')[0] as PerformanceResourceTiming | undefined)
    : undefined
  return {
    ttfb: Math.max(0, (nav?.responseStart ?? 0) - act),
    ...(res
      ? { resource: { start: (res.requestStart || res.startTime) - act, end: res.responseEnd - act } }
      : {}),
  }
}

/**
 * Web vitals through web-vitals' plain build, once per metric instance (web-vitals reports each
 * `id` when it is final, with `delta`), including soft navigations where the browser reports them.
 * Metrics of the document load belong to the first page view even when reported after SPA route
 * changes (CLS and INP are final only at hide).
 */
export const vitals = (ctx: Context): void => {
  const report = guard((m: MetricType) => {
    const round = (n: number) => (m.name === 'CLS' ? Math.round(n * 1e4) / 1e4 : Math.round(n))
    const attribution = attributeVital(
      m.name,
      m.value,
      m.entries as unknown as VitalEntry[],
      describeTarget,
      ctx.scrub,
      loadTimings,
    )
    ctx.emit({
      type: 'web_vital',
      name: m.name,
      metricId: m.id,
      value: round(m.value),
      delta: round(m.delta),
      rating: m.rating,
      navigationType: m.navigationType,
      view: m.navigationType === 'soft-navigation' ? ctx.view() : ctx.loadView,
      ...(attribution ? { attribution } : {}),
    })
  })
  const opts = { reportSoftNavs: true }
  onLCP(report, opts)
  onINP(report, opts)
  onCLS(report, opts)
  onFCP(report, opts)
  onTTFB(report, opts)
}
