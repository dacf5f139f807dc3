import { type Static, Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { RumStore } from '../../rum/RumStore.js'
import { isoOf, RumWindowQuery } from './rumQuery.js'
import { parseTimeRange } from './timeRange.js'

const Query = Type.Object({
  ...RumWindowQuery,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'most groups; default 100' })),
})

const ErrorGroup = Type.Object({
  app: Type.String(),
  fingerprint: Type.String(),
  errorType: Type.String(),
  message: Type.String(),
  events: Type.Number(),
  occurrences: Type.Number({ description: 'including suppressed occurrences, weighted by 1 / sampleRate' }),
  sessions: Type.Number({ description: 'distinct affected sessions' }),
  unhandledShare: Type.Number(),
  firstSeen: Type.String(),
  lastSeen: Type.String(),
  topFrame: Type.Union([
    Type.Object({
      fn: Type.Optional(Type.String()),
      file: Type.Optional(Type.String()),
      line: Type.Optional(Type.Number()),
      col: Type.Optional(Type.Number()),
    }),
    Type.Null(),
  ]),
})

/** `GET /api/rum/errors`: browser errors grouped by fingerprint, the most frequent first. */
export const rumErrorsRoutes = async (app: FastifyInstance, { store }: { store: RumStore }) => {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/rum/errors',
    {
      schema: {
        summary: 'Browser errors grouped by fingerprint',
        tags: ['rum'],
        querystring: Query,
        response: {
          200: Type.Object({ from: Type.String(), to: Type.String(), errors: Type.Array(ErrorGroup) }),
        },
      },
    },
    async (request) => {
      const { fromNs, toNs } = parseTimeRange(request.query, Date.now())
      const { app: appName, limit = 100 } = request.query
      const errors = await store.rumErrors({ fromNs, toNs, app: appName, limit })
      return { from: isoOf(fromNs), to: isoOf(toNs), errors }
    },
  )
}
