import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Storage } from '../../storage/index.js'
import { parseTimeRange } from './timeRange.js'

const Query = Type.Object({
  from: Type.Optional(
    Type.String({ description: 'ISO-8601 time or epoch ms; default: one hour before `to`' }),
  ),
  to: Type.Optional(Type.String({ description: 'ISO-8601 time or epoch ms; default: now' })),
})

const ServiceSummary = Type.Object({
  service: Type.String(),
  spanCount: Type.Number(),
  spanRate: Type.Number({ description: 'spans per second over the window' }),
  errorCount: Type.Number(),
  errorRatio: Type.Number(),
  p50Ms: Type.Union([Type.Number(), Type.Null()]),
  p95Ms: Type.Union([Type.Number(), Type.Null()]),
  p99Ms: Type.Union([Type.Number(), Type.Null()]),
})

/** `GET /api/services`: rate, errors and duration percentiles per service over a window. */
export const serviceRoutes = async (app: FastifyInstance, { storage }: { storage: Storage }) => {
  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/api/services',
    {
      schema: {
        summary: 'Per-service rate, error ratio and latency',
        tags: ['services'],
        querystring: Query,
        response: {
          200: Type.Object({ from: Type.String(), to: Type.String(), services: Type.Array(ServiceSummary) }),
        },
      },
    },
    async (request) => {
      const { fromNs, toNs } = parseTimeRange(request.query, Date.now())
      const services = await storage.listServices(fromNs, toNs)
      return {
        from: new Date(Number(fromNs / 1_000_000n)).toISOString(),
        to: new Date(Number(toNs / 1_000_000n)).toISOString(),
        services,
      }
    },
  )
}
