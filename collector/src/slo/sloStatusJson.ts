import { type Static, Type } from '@sinclair/typebox'
import { burnRate, formatDuration } from '@vigil/slo'
import type { SloEvaluation } from './SloService.js'

const Iso = Type.String({ format: 'date-time' })
const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()])
const CountsJson = Type.Object({ good: Type.Number(), total: Type.Number() })
const AlertStatusJson = Type.Union([
  Type.Literal('ok'),
  Type.Literal('firing'),
  Type.Literal('insufficientData'),
])

/** The JSON status of one SLO at one instant (`GET /api/slos`, `GET /api/slos/:id`). */
export const SloStatusJson = Type.Object({
  id: Type.String(),
  displayName: Type.Optional(Type.String()),
  journey: Type.Optional(Type.String()),
  service: Type.Optional(Type.String()),
  objective: Type.Number({ description: 'target share of good events or slices, in (0,1)' }),
  at: Iso,
  window: Type.Object({
    start: Iso,
    end: Iso,
    periodEnd: Iso,
    periodMs: Type.Number({ description: 'length of the SLO period budgets are based on' }),
  }),
  unit: Type.Union([Type.Literal('events'), Type.Literal('slices'), Type.Literal('weight')]),
  counts: CountsJson,
  sli: Nullable(Type.Number({ description: 'good / total over the window; null without data' })),
  budget: Type.Object({
    remaining: Type.Number({ description: 'share of the budget left; negative when overspent' }),
    consumed: Type.Number(),
    bad: Type.Number(),
    allowedBad: Type.Number(),
    remainingEvents: Type.Number(),
    budgetMs: Type.Number(),
    consumedMs: Type.Number(),
    remainingMs: Type.Number(),
  }),
  burnRates: Type.Object(
    {
      '5m': Nullable(Type.Number()),
      '30m': Nullable(Type.Number()),
      '1h': Nullable(Type.Number()),
      '2h': Nullable(Type.Number()),
      '6h': Nullable(Type.Number()),
      '1d': Nullable(Type.Number()),
      '3d': Nullable(Type.Number()),
      period: Type.Number({ description: 'burn rate over the whole window so far' }),
    },
    {
      description: 'error ratio over each window divided by the budget (1 − objective); null without traffic',
    },
  ),
  alerts: Type.Object({
    page: AlertStatusJson,
    ticket: AlertStatusJson,
    rules: Type.Array(
      Type.Object({
        severity: Type.Union([Type.Literal('page'), Type.Literal('ticket')]),
        longWindow: Type.String(),
        shortWindow: Type.Union([Type.String(), Type.Null()]),
        factor: Type.Number(),
        status: AlertStatusJson,
        longBurnRate: Type.Number(),
        shortBurnRate: Nullable(Type.Number()),
        longEvents: Type.Number(),
        neverFires: Type.Boolean(),
      }),
    ),
  }),
  forecast: Type.Union([
    Type.Object({
      status: Type.Union([Type.Literal('exhausted'), Type.Literal('forecast'), Type.Literal('never')]),
      exhaustsAt: Type.Union([Iso, Type.Null()]),
      currentBurnRate: Type.Number(),
    }),
    Type.Null(),
  ]),
})

export type SloStatusJson = Static<typeof SloStatusJson>

const iso = (ms: number) => new Date(ms).toISOString()

/** The API shape of an evaluation: instants as ISO text, windows as `1h`-style durations. */
export const sloStatusJson = ({ slo, status, burnRates }: SloEvaluation): SloStatusJson => ({
  id: slo.id,
  ...(slo.displayName !== undefined ? { displayName: slo.displayName } : {}),
  ...(slo.journey !== undefined ? { journey: slo.journey } : {}),
  ...(slo.service !== undefined ? { service: slo.service } : {}),
  objective: slo.objective,
  at: iso(status.at),
  window: {
    start: iso(status.window.start),
    end: iso(status.window.end),
    periodEnd: iso(status.window.periodEnd),
    periodMs: status.window.periodMs,
  },
  unit: status.unit,
  counts: status.counts,
  sli: status.sli,
  budget: {
    remaining: status.budget.remaining,
    consumed: status.budget.consumed,
    bad: status.budget.bad,
    allowedBad: status.budget.allowedBad,
    remainingEvents: status.budget.remainingEvents,
    budgetMs: status.budget.budgetMs,
    consumedMs: status.budget.consumedMs,
    remainingMs: status.budget.remainingMs,
  },
  burnRates: {
    '5m': burnRates['5m'] ?? null,
    '30m': burnRates['30m'] ?? null,
    '1h': burnRates['1h'] ?? null,
    '2h': burnRates['2h'] ?? null,
    '6h': burnRates['6h'] ?? null,
    '1d': burnRates['1d'] ?? null,
    '3d': burnRates['3d'] ?? null,
    period: burnRate(slo.objective, status.counts),
  },
  alerts: {
    page: status.alerts.page,
    ticket: status.alerts.ticket,
    rules: status.alerts.rules.map((r) => ({
      severity: r.rule.severity,
      longWindow: formatDuration(r.rule.longWindowMs),
      shortWindow: r.rule.shortWindowMs === null ? null : formatDuration(r.rule.shortWindowMs),
      factor: r.rule.factor,
      status: r.status,
      longBurnRate: r.longBurnRate,
      shortBurnRate: r.shortBurnRate,
      longEvents: r.longEvents,
      neverFires: r.neverFires,
    })),
  },
  forecast:
    status.forecast === null
      ? null
      : {
          status: status.forecast.status,
          exhaustsAt: status.forecast.exhaustsAt === null ? null : iso(status.forecast.exhaustsAt),
          currentBurnRate: status.forecast.currentBurnRate,
        },
})
