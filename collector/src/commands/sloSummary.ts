import { burnRateFactors, promDuration, rulesPeriodMs, type SloSpec } from '@vigil/slo'

const percent = (ratio: number): string => `${Number((ratio * 100).toPrecision(10))}%`
const factor = (value: number): string => String(Number(value.toPrecision(4)))

/**
 * One line describing a valid SLO: id, objective, window and the burn-rate factors its alerts use,
 * e.g. `checkout-steps: objective 99.5%, window 28d rolling, page ≥13.44 (1h/5m) ≥5.6 (6h/30m),
 * ticket ≥2.8 (1d/2h) ≥0.933 (3d/6h)`.
 */
export const sloSummary = (slo: SloSpec): string => {
  const periodMs = rulesPeriodMs(slo.window)
  const window =
    slo.window.type === 'rolling'
      ? `${promDuration(slo.window.durationMs)} rolling`
      : `calendar ${slo.window.unit} ${slo.window.timeZone} (rules use ${promDuration(periodMs)})`
  const rules = burnRateFactors(periodMs, slo.alerting.rules)
  const severity = (name: 'page' | 'ticket'): string => {
    const own = rules.filter((r) => r.severity === name)
    if (!slo.alerting[name] || own.length === 0) return `${name} off`
    const parts = own.map((r) => {
      const windows = [r.longWindowMs, ...(r.shortWindowMs === null ? [] : [r.shortWindowMs])]
      return `≥${factor(r.factor)} (${windows.map(promDuration).join('/')})`
    })
    return `${name} ${parts.join(' ')}`
  }
  const subject = [slo.journey && `journey ${slo.journey}`, slo.service && `service ${slo.service}`]
    .filter(Boolean)
    .join(', ')
  return `${slo.id}: ${subject}, objective ${percent(slo.objective)}, window ${window}, budgeting ${slo.budgeting.method}, ${severity('page')}, ${severity('ticket')}`
}
