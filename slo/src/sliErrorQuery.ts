import { promDuration } from './promDuration.js'
import { promNumber } from './promNumber.js'
import type { PrometheusSli, SloSpec } from './spec.js'
import type { ComparisonOp } from './timeslices.js'
import { windowQuery } from './windowQuery.js'

/** Counter of a native SLO's weighted events, exposed on the collector's `/metrics`. */
export const SliEventsMetric = 'vigil_sli_events_total'
/** Counter of a native slice-budgeted SLO's judged slices, exposed on the collector's `/metrics`. */
export const SliSlicesMetric = 'vigil_sli_slices_total'

/** PromQL for an SLO's error ratio over one window, or why there is none. */
export type SliErrorQuery =
  | {
      ok: true
      /** The error ratio (bad / total) over the window. */
      expr: string
      /** Set when the expression can only approximate what the spec means; says why. */
      approximation?: string
    }
  | { ok: false; reason: string; fix?: string }

const promOps: Record<ComparisonOp, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' }

const counter = (metric: string, id: string, kind: 'good' | 'total', window: string): string =>
  `sum(rate(${metric}{slo=${JSON.stringify(id)},kind="${kind}"}[${window}]))`

/** Rates of bad and of all events (or slices) over a window. */
interface Rates {
  bad: string
  total: string
  approximation?: string
}

const nativeRates = (slo: SloSpec, windowMs: number): Rates => {
  const window = promDuration(windowMs)
  const metric = slo.budgeting.method === 'occurrences' ? SliEventsMetric : SliSlicesMetric
  const total = counter(metric, slo.id, 'total', window)
  return { bad: `${total} - ${counter(metric, slo.id, 'good', window)}`, total }
}

const promRates = (sli: PrometheusSli, windowMs: number): Rates | undefined => {
  if (sli.totalQuery === undefined || (sli.badQuery ?? sli.goodQuery) === undefined) return undefined
  const total = windowQuery(sli.totalQuery, windowMs, 'count')
  const part = windowQuery((sli.badQuery ?? sli.goodQuery) as string, windowMs, 'count')
  const bad = sli.badQuery !== undefined ? part.query : `(${total.query}) - (${part.query})`
  return {
    bad,
    total: `(${total.query})`,
    ...(total.windowed && part.windowed
      ? {}
      : {
          approximation: 'a count query has no range selector or {{.window}}: every window uses it unchanged',
        }),
  }
}

/** Event rates of any non-composite SLO that counts events; undefined for ratio or value queries. */
const eventRates = (slo: SloSpec, windowMs: number): Rates | undefined => {
  if (slo.sli.source === 'rum' || slo.sli.source === 'spans') return nativeRates(slo, windowMs)
  if (slo.sli.source === 'prometheus') return promRates(slo.sli, windowMs)
  return undefined
}

/** Error ratio of a Prometheus SLI read event by event (occurrences), over one window. */
const promOccurrences = (slo: SloSpec, sli: PrometheusSli, windowMs: number): SliErrorQuery => {
  const rates = promRates(sli, windowMs)
  if (rates) {
    return {
      ok: true,
      expr: `(${rates.bad}) / ${rates.total}`,
      ...(rates.approximation ? { approximation: rates.approximation } : {}),
    }
  }
  if (sli.errorRatioQuery !== undefined) {
    return { ok: true, expr: windowQuery(sli.errorRatioQuery, windowMs, 'ratio').query }
  }
  if (sli.valueQuery !== undefined) {
    const condition =
      sli.threshold ??
      (slo.budgeting.method === 'timeslices' && slo.budgeting.condition.measure === 'value'
        ? { op: slo.budgeting.condition.op, value: slo.budgeting.condition.threshold }
        : undefined)
    if (!condition) {
      return { ok: false, reason: 'a value query needs a threshold to tell good samples from bad' }
    }
    // Each sample is an occurrence: the error ratio is the share of minutes that miss the threshold.
    return {
      ok: true,
      expr: `1 - avg_over_time(((${sli.valueQuery}) ${promOps[condition.op]} bool ${promNumber(condition.value)})[${promDuration(windowMs)}:1m])`,
    }
  }
  return { ok: false, reason: 'the Prometheus SLI has no query' }
}

const promSlices = (slo: SloSpec, sli: PrometheusSli, windowMs: number): SliErrorQuery => {
  const { budgeting } = slo
  if (budgeting.method === 'occurrences') return promOccurrences(slo, sli, windowMs)
  const window = promDuration(windowMs)
  const slice = promDuration(budgeting.sliceMs)
  const approximation =
    'slices are judged at their boundaries by a PromQL subquery, and empty slices are not skipped'
  if (budgeting.method === 'timeslices' && budgeting.condition.measure === 'value') {
    if (sli.valueQuery === undefined)
      return { ok: false, reason: '"value" slices need a Prometheus value query' }
    const { op, threshold } = budgeting.condition
    return {
      ok: true,
      expr: `1 - avg_over_time(((${sli.valueQuery}) ${promOps[op]} bool ${promNumber(threshold)})[${window}:${slice}])`,
      approximation,
    }
  }
  if (budgeting.method === 'timeslices' && budgeting.condition.measure === 'percentile') {
    return {
      ok: false,
      reason: 'percentile slices of a Prometheus SLI cannot be exported',
      fix: 'put the percentile into a value query (histogram_quantile) and judge "value"',
    }
  }
  const inner = promOccurrences({ ...slo, budgeting: { method: 'occurrences' } }, sli, budgeting.sliceMs)
  if (!inner.ok) return inner
  if (budgeting.method === 'ratioTimeslices') {
    return { ok: true, expr: `avg_over_time((${inner.expr})[${window}:${slice}])`, approximation }
  }
  const { op, threshold } = budgeting.condition
  return {
    ok: true,
    expr: `1 - avg_over_time(((1 - (${inner.expr})) ${promOps[op]} bool ${promNumber(threshold)})[${window}:${slice}])`,
    approximation,
  }
}

const compositeQuery = (
  slo: SloSpec,
  windowMs: number,
  byId: ReadonlyMap<string, SloSpec>,
): SliErrorQuery => {
  if (slo.sli.source !== 'composite') throw new TypeError('not a composite')
  const { method, parts } = slo.sli
  const resolved = parts.map((part) => ({ part, spec: byId.get(part.slo) }))
  const missing = resolved.find((p) => p.spec === undefined || p.spec.sli.source === 'composite')
  if (missing) return { ok: false, reason: `part "${missing.part.slo}" is not a plain SLO of this set` }
  if (method === 'events') {
    const rates = resolved.map(({ part, spec }) => ({
      weight: part.weight,
      rates: eventRates(spec as SloSpec, windowMs),
    }))
    const lacking = rates.findIndex((r) => r.rates === undefined)
    if (lacking >= 0) {
      return {
        ok: false,
        reason: `part "${parts[lacking]?.slo}" has no event counts to weigh`,
        fix: 'use method: sli',
      }
    }
    const sum = (pick: (r: Rates) => string) =>
      rates.map((r) => `${promNumber(r.weight)} * (${pick(r.rates as Rates)})`).join(' + ')
    const approximation = rates.find((r) => r.rates?.approximation)?.rates?.approximation
    return {
      ok: true,
      expr: `(${sum((r) => r.bad)}) / (${sum((r) => r.total)})`,
      ...(approximation ? { approximation } : {}),
    }
  }
  const terms: string[] = []
  for (const { part, spec } of resolved) {
    const q = sliErrorQuery(spec as SloSpec, windowMs, byId)
    if (!q.ok) return { ...q, reason: `part "${part.slo}": ${q.reason}` }
    terms.push(`${promNumber(part.weight)} * (${q.expr})`)
  }
  const weights = parts.reduce((s, p) => s + p.weight, 0)
  return {
    ok: true,
    expr: `(${terms.join(' + ')}) / ${promNumber(weights)}`,
    approximation: 'a part without traffic makes the composite NaN instead of being left out',
  }
}

/**
 * PromQL for an SLO's error ratio over `windowMs`. Native SLIs (RUM, spans) read the counters the
 * collector exposes (`vigil_sli_events_total`, or `vigil_sli_slices_total` for slice budgeting);
 * imported Prometheus SLIs use their own queries, adapted to the window; composites combine their
 * parts (`byId`) as Vigil does. Returns why when the SLO cannot be expressed in PromQL.
 */
export const sliErrorQuery = (
  slo: SloSpec,
  windowMs: number,
  byId: ReadonlyMap<string, SloSpec>,
): SliErrorQuery => {
  const { sli } = slo
  if (sli.source === 'composite') return compositeQuery(slo, windowMs, byId)
  if (sli.source === 'prometheus') return promSlices(slo, sli, windowMs)
  const rates = nativeRates(slo, windowMs)
  return { ok: true, expr: `(${rates.bad}) / ${rates.total}` }
}

/**
 * PromQL for the weighted number of events an SLO saw over a window, for the `minEvents` guard;
 * undefined when only Prometheus queries know it (their units are unknown: rates or counts).
 */
export const sliEventCount = (
  slo: SloSpec,
  windowMs: number,
  byId: ReadonlyMap<string, SloSpec>,
): string | undefined => {
  const window = promDuration(windowMs)
  const count = (id: string) =>
    `sum(increase(${SliEventsMetric}{slo=${JSON.stringify(id)},kind="total"}[${window}]))`
  const { sli } = slo
  if (sli.source === 'rum' || sli.source === 'spans') return count(slo.id)
  if (sli.source !== 'composite' || sli.method !== 'events') return undefined
  const native = sli.parts.every((p) => {
    const source = byId.get(p.slo)?.sli.source
    return source === 'rum' || source === 'spans'
  })
  if (!native) return undefined
  return sli.parts.map((p) => `${promNumber(p.weight)} * ${count(p.slo)}`).join(' + ')
}
