import type { FastifyInstance } from 'fastify'
import type { Storage } from '../storage/index.js'

export interface HealthRoutesOptions {
  storage: Storage
  /** True once shutdown began: the collector still drains but no longer takes new work. */
  isClosing: () => boolean
}

/** `/healthz` says the process is alive; `/readyz` says storage is open and accepting writes. */
export const healthRoutes = async (app: FastifyInstance, { storage, isClosing }: HealthRoutesOptions) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const ready = storage.isReady() && !isClosing()
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready' })
  })
}
