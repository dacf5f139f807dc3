import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { SloService } from '../../slo/SloService.js'
import { slaReport } from '../../slo/slaReport.js'

const Iso = Type.String({ format: 'date-time' })
const Counts = { good: Type.Number(), total: Type.Number() }

/** The JSON of `GET /api/reports/sla`. */
export const SlaReportJson = Type.Object({
  month: Type.String(),
  journeys: Type.Array(
    Type.Object({
      journey: Type.String({ description: 'the journey, or the service of SLOs without one' }),
      slos: Type.Array(
        Type.Object({
          id: Type.String(),
          displayName: Type.Optional(Type.String()),
          objective: Type.Number(),
          timeZone: Type.String(),
          start: Iso,
          end: Iso,
          unit: Type.String(),
          counts: Type.Object(Counts),
          attainment: Type.Union([Type.Number(), Type.Null()]),
          met: Type.Union([Type.Boolean(), Type.Null()]),
          budgetUsed: Type.Number({ description: "share of the month's error budget spent" }),
          worstDays: Type.Array(
            Type.Object({
              day: Type.String(),
              ...Counts,
              bad: Type.Number(),
              sli: Type.Union([Type.Number(), Type.Null()]),
            }),
          ),
        }),
      ),
    }),
  ),
})

/** `GET /api/reports/sla?month=YYYY-MM`: per journey, each SLO's month against its objective. */
export const reportRoutes = async (app: FastifyInstance, { slos }: { slos: SloService }) => {
  app.get<{ Querystring: { month: string } }>(
    '/api/reports/sla',
    {
      schema: {
        summary: 'SLA report of a month',
        description:
          "Per journey: attainment against the objective, met or missed, budget used and the three worst days. The month is local to each SLO's calendar time zone (UTC for rolling windows).",
        tags: ['reports'],
        querystring: Type.Object({
          month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
        }),
        response: {
          200: SlaReportJson,
          400: Type.Object({ error: Type.String(), message: Type.String() }),
        },
      },
    },
    async (request) => {
      const report = await slaReport(slos, request.query.month)
      return {
        month: report.month,
        journeys: report.journeys.map((j) => ({
          journey: j.journey,
          slos: j.slos.map((s) => ({
            ...s,
            start: new Date(s.start).toISOString(),
            end: new Date(s.end).toISOString(),
          })),
        })),
      }
    },
  )
}
