import { Type } from '@sinclair/typebox'
import { parseDuration } from '@vigil/slo'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { isEvaluable, type SloService } from '../../slo/SloService.js'
import { type SloDimension, SloDimensions } from '../../slo/sliRelations.js'
import { sloAttribution } from '../../slo/sloAttribution.js'
import { MaxSeriesPoints, sloSeries } from '../../slo/sloSeries.js'
import { SloStatusJson, sloStatusJson } from '../../slo/sloStatusJson.js'

const Iso = Type.String({ format: 'date-time' })
const Instant = (description: string) =>
  Type.String({ description: `${description}; ISO-8601 time or epoch ms` })
const ErrorJson = Type.Object({ error: Type.String(), message: Type.String() })
const Params = Type.Object({ id: Type.String() })

const instantMs = (value: string | undefined, name: string, fallback: number): number => {
  if (value === undefined) return fallback
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  if (!Number.isFinite(ms))
    throw new RangeError(
      `${name} must be an ISO-8601 time or epoch milliseconds (got ${JSON.stringify(value)})`,
    )
  return ms
}

const rangeOf = (query: { from?: string; to?: string }, defaultSpanMs: number) => {
  const to = instantMs(query.to, 'to', Date.now())
  const from = instantMs(query.from, 'from', to - defaultSpanMs)
  if (from >= to) throw new RangeError('from must be before to')
  return { from, to }
}

const notFound = (reply: FastifyReply, id: string) =>
  reply.code(404).send({ error: 'not_found', message: `no SLO with id ${JSON.stringify(id)}` })

const dayMs = 86_400_000

/**
 * `/api/slos…`: status of every SLO, the status of one at any instant (exact, from the rollups), its
 * history, and which slices consumed its budget.
 */
export const sloRoutes = async (app: FastifyInstance, { slos }: { slos: SloService }) => {
  const evaluable = (id: string) => {
    const slo = slos.get(id)
    if (slo !== undefined && !isEvaluable(slo)) {
      throw new RangeError(`SLO ${id} has a Prometheus SLI: Vigil does not evaluate it (see vigil slo rules)`)
    }
    return slo
  }

  app.get(
    '/api/slos',
    {
      schema: {
        summary: 'Status of every SLO',
        description:
          'The latest evaluation of each SLO (re-evaluated every 30 s). SLOs with a Prometheus SLI are listed in `notEvaluated`.',
        tags: ['slos'],
        response: {
          200: Type.Object({ slos: Type.Array(SloStatusJson), notEvaluated: Type.Array(Type.String()) }),
        },
      },
    },
    async () => {
      let latest = slos.latest()
      if (latest.length === 0) latest = await slos.evaluateAll(Date.now())
      return {
        slos: latest.map(sloStatusJson),
        notEvaluated: slos.slos.filter((s) => !isEvaluable(s)).map((s) => s.id),
      }
    },
  )

  app.get<{ Params: { id: string }; Querystring: { at?: string } }>(
    '/api/slos/:id',
    {
      schema: {
        summary: 'Status of one SLO at any instant',
        description:
          'SLI, objective, error budget, burn rates (5m … 3d and the whole window), alert states and the exhaustion forecast at `at` (default now). Past instants are evaluated exactly from the minute rollups, late events included.',
        tags: ['slos'],
        params: Params,
        querystring: Type.Object({ at: Type.Optional(Instant('evaluation instant, default now')) }),
        response: { 200: SloStatusJson, 400: ErrorJson, 404: ErrorJson },
      },
    },
    async (request, reply) => {
      const slo = evaluable(request.params.id)
      if (slo === undefined) return notFound(reply, request.params.id)
      return sloStatusJson(await slos.evaluate(slo, instantMs(request.query.at, 'at', Date.now())))
    },
  )

  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string; step?: string } }>(
    '/api/slos/:id/series',
    {
      schema: {
        summary: 'SLI, burn rate and budget remaining over time',
        tags: ['slos'],
        params: Params,
        querystring: Type.Object({
          from: Type.Optional(Instant('first point, default 1 day before `to`')),
          to: Type.Optional(Instant('end (exclusive), default now')),
          step: Type.Optional(
            Type.String({
              description: `time between points, e.g. 5m or 1h; at least 1m, at most ${MaxSeriesPoints} points; default: about 200 points`,
            }),
          ),
        }),
        response: {
          200: Type.Object({
            id: Type.String(),
            from: Iso,
            to: Iso,
            stepMs: Type.Number(),
            points: Type.Array(
              Type.Object({
                at: Iso,
                sli: Type.Union([Type.Number(), Type.Null()]),
                budgetRemaining: Type.Number(),
                burnRate: Type.Number({ description: 'over the SLO window ending at `at`' }),
                burnRate1h: Type.Union([Type.Number(), Type.Null()]),
              }),
            ),
          }),
          400: ErrorJson,
          404: ErrorJson,
        },
      },
    },
    async (request, reply) => {
      const slo = evaluable(request.params.id)
      if (slo === undefined) return notFound(reply, request.params.id)
      const { from, to } = rangeOf(request.query, dayMs)
      const stepMs =
        request.query.step === undefined
          ? Math.max(60_000, Math.ceil((to - from) / 200 / 60_000) * 60_000)
          : parseDuration(request.query.step)
      if (stepMs === null)
        throw new RangeError(
          `step must be a duration such as 5m or 1h (got ${JSON.stringify(request.query.step)})`,
        )
      const points = await sloSeries(slos, slo, from, to, stepMs)
      return {
        id: slo.id,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        stepMs,
        points: points.map((p) => ({ ...p, at: new Date(p.at).toISOString() })),
      }
    },
  )

  const CountsJson = Type.Object({ good: Type.Number(), total: Type.Number() })
  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string; by: SloDimension } }>(
    '/api/slos/:id/attribution',
    {
      schema: {
        summary: 'Which slice consumed how much error budget',
        description:
          "Bad events of a native SLO over [from, to) split by one dimension. `budgetConsumed` is a slice's bad events over the bad events the objective allows for the whole range.",
        tags: ['slos'],
        params: Params,
        querystring: Type.Object({
          from: Type.Optional(Instant('start, default 1 day before `to`')),
          to: Type.Optional(Instant('end (exclusive), default now')),
          by: Type.Union(
            SloDimensions.map((d) => Type.Literal(d)),
            { description: SloDimensions.join(' | ') },
          ),
        }),
        response: {
          200: Type.Object({
            id: Type.String(),
            from: Iso,
            to: Iso,
            by: Type.String(),
            counts: CountsJson,
            allowedBad: Type.Number(),
            unattributed: CountsJson,
            slices: Type.Array(
              Type.Object({
                value: Type.String(),
                good: Type.Number(),
                total: Type.Number(),
                bad: Type.Number(),
                sli: Type.Union([Type.Number(), Type.Null()]),
                shareOfBad: Type.Number(),
                budgetConsumed: Type.Number(),
              }),
            ),
          }),
          400: ErrorJson,
          404: ErrorJson,
        },
      },
    },
    async (request, reply) => {
      const slo = evaluable(request.params.id)
      if (slo === undefined) return notFound(reply, request.params.id)
      const { from, to } = rangeOf(request.query, dayMs)
      const attribution = await sloAttribution(slos, slo, request.query.by, from, to)
      return {
        id: slo.id,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        ...attribution,
      }
    },
  )
}
