import { type Static, Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { RumStore } from '../../rum/RumStore.js'
import { isoOf, RumWindowQuery } from './rumQuery.js'
import { parseTimeRange } from './timeRange.js'

const Query = Type.Object(RumWindowQuery)
const Ms = Type.Union([Type.Number(), Type.Null()])

const Step = Type.Object({
  step: Type.String(),
  reached: Type.Number(),
  failedHere: Type.Number(),
  abandonedHere: Type.Number(),
  p50Ms: Ms,
  p75Ms: Ms,
  p95Ms: Ms,
})

const Journey = Type.Object({
  app: Type.String(),
  journey: Type.String(),
  attempts: Type.Number(),
  completions: Type.Number(),
  failures: Type.Number(),
  abandons: Type.Number(),
  open: Type.Number({ description: 'instances without an outcome yet' }),
  completionP50Ms: Ms,
  completionP95Ms: Ms,
  steps: Type.Array(Step),
})

/** `GET /api/journeys`: per journey, outcomes and a step funnel with time spent per step. */
export const journeyRoutes = async (app: FastifyInstance, { store }: { store: RumStore }) => {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/journeys',
    {
      schema: {
        summary: 'Journeys: attempts, outcomes, step funnel and step durations',
        tags: ['rum'],
        querystring: Query,
        response: {
          200: Type.Object({ from: Type.String(), to: Type.String(), journeys: Type.Array(Journey) }),
        },
      },
    },
    async (request) => {
      const { fromNs, toNs } = parseTimeRange(request.query, Date.now())
      const journeys = await store.journeys({ fromNs, toNs, app: request.query.app })
      return { from: isoOf(fromNs), to: isoOf(toNs), journeys }
    },
  )
}
