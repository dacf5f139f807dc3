import { type Static, Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { RumStore } from '../../rum/RumStore.js'
import { isoOf, RumWindowQuery } from './rumQuery.js'
import { parseTimeRange } from './timeRange.js'

const Query = Type.Object({
  ...RumWindowQuery,
  by: Type.Optional(
    Type.Union(
      [Type.Literal('page'), Type.Literal('browser'), Type.Literal('device'), Type.Literal('none')],
      {
        description: 'grouping: route pattern, browser name, device type, or none; default page',
      },
    ),
  ),
})

const Share = Type.Number({ minimum: 0, maximum: 1 })
const Vital = Type.Object({
  group: Type.String(),
  metric: Type.String(),
  samples: Type.Number({ description: 'metric instances (one per web-vitals metric id)' }),
  estimatedCount: Type.Number({ description: 'instances weighted by 1 / sampleRate' }),
  p75: Type.Number(),
  p75Rating: Type.String(),
  good: Share,
  needsImprovement: Share,
  poor: Share,
})

/** `GET /api/rum/vitals`: p75 and rating shares of each web vital, by page, browser or device. */
export const rumVitalsRoutes = async (app: FastifyInstance, { store }: { store: RumStore }) => {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/rum/vitals',
    {
      schema: {
        summary: 'Web vitals: p75 and good / needs-improvement / poor shares',
        description:
          'Each metric instance counts once with its latest reported value. Shares are weighted by 1 / sampleRate.',
        tags: ['rum'],
        querystring: Query,
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            by: Type.String(),
            vitals: Type.Array(Vital),
          }),
        },
      },
    },
    async (request) => {
      const { fromNs, toNs } = parseTimeRange(request.query, Date.now())
      const by = request.query.by ?? 'page'
      const vitals = await store.rumVitals({ fromNs, toNs, by, app: request.query.app })
      return { from: isoOf(fromNs), to: isoOf(toNs), by, vitals }
    },
  )
}
