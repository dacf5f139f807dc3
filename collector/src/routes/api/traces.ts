import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Storage } from '../../storage/index.js'

const Params = Type.Object({
  traceId: Type.String({ pattern: '^[0-9a-fA-F]{32}$', description: '32 hexadecimal characters' }),
})

/** `GET /api/traces/:traceId`: every span of one trace with attributes, events, links and status. */
export const traceRoutes = async (app: FastifyInstance, { storage }: { storage: Storage }) => {
  app.get<{ Params: { traceId: string } }>(
    '/api/traces/:traceId',
    {
      schema: {
        summary: 'All spans of a trace',
        description:
          'Spans ordered by start time. Times are nanoseconds since the epoch as decimal strings; attribute values keep their OTLP types.',
        tags: ['traces'],
        params: Params,
        response: {
          200: Type.Object({ traceId: Type.String(), spans: Type.Array(Type.Unknown()) }),
          404: Type.Object({ error: Type.String(), message: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      const traceId = request.params.traceId.toLowerCase()
      const spans = await storage.getTrace(traceId)
      if (spans.length === 0) {
        return reply.code(404).send({ error: 'not_found', message: `no spans stored for trace ${traceId}` })
      }
      return { traceId, spans }
    },
  )
}
