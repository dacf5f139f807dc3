import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyInstance } from 'fastify'
import type { CollectorConfig } from './config/schema.js'
import { createIngestStats, type IngestStats } from './ingestStats.js'
import { presentedToken, tokenMatches } from './plugins/bearerToken.js'
import { infraRoutes } from './routes/api/infra.js'
import { journeyRoutes } from './routes/api/journeys.js'
import { reportRoutes } from './routes/api/reports.js'
import { rumErrorsRoutes } from './routes/api/rumErrors.js'
import { rumVitalsRoutes } from './routes/api/rumVitals.js'
import { serviceRoutes } from './routes/api/services.js'
import { sloRoutes } from './routes/api/slos.js'
import { traceRoutes } from './routes/api/traces.js'
import { healthRoutes } from './routes/health.js'
import { metricsRoutes } from './routes/metrics.js'
import { otlpRoutes } from './routes/otlp.js'
import { rumRoutes } from './routes/rum.js'
import type { SloService } from './slo/SloService.js'
import type { Storage } from './storage/index.js'

export interface AppOptions {
  config: CollectorConfig
  storage: Storage
  /** The configured SLOs and their evaluation; without it the SLO API and metrics are absent. */
  slos?: SloService
  stats?: IngestStats
  /** Pino options; `false` silences logging (tests). */
  logger?: boolean | Record<string, unknown>
}

export const collectorVersion = '0.1.0'

/** Header values that must never reach a log line. */
const redactPaths = ['req.headers.authorization', 'req.headers["x-vigil-key"]', 'headers.authorization']

/**
 * The collector as a Fastify app: OTLP ingest, health, Prometheus metrics, and the query API with its OpenAPI
 * description. Storage is passed in so tests and the server share one construction path.
 */
export const buildApp = async ({
  config,
  storage,
  slos,
  stats = createIngestStats(),
  logger,
}: AppOptions) => {
  let closing = false
  const app: FastifyInstance = Fastify({
    logger:
      logger === false
        ? false
        : {
            level: config.log.level,
            redact: { paths: redactPaths, censor: '[redacted]' },
            // Method and URL only: client addresses are personal data and never reach the logs.
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
            },
            ...(typeof logger === 'object' ? logger : {}),
          },
    bodyLimit: config.server.bodyLimit,
    return503OnClosing: true,
  })
  app.addHook('onClose', async () => {
    closing = true
  })

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Vigil collector API',
        version: collectorVersion,
        description:
          'Query API of the Vigil collector. Ingest uses OTLP/HTTP (`/v1/traces`, `/v1/metrics`, `/v1/logs`) as the OpenTelemetry specification defines it.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: config.auth.apiToken ? [{ bearer: [] }] : [],
    },
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })

  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    if (error instanceof RangeError || error.validation) {
      return reply.code(400).send({ error: 'bad_request', message: error.message })
    }
    if (error.statusCode !== undefined && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: 'bad_request', message: error.message })
    }
    request.log.error({ err: error }, 'request failed')
    return reply.code(500).send({ error: 'internal', message: 'internal error; see the collector log' })
  })

  await app.register(healthRoutes, { storage, isClosing: () => closing })
  await app.register(metricsRoutes, { storage, stats, ...(slos ? { slos } : {}) })
  await app.register(otlpRoutes, { config, storage, stats })
  await app.register(rumRoutes, { apps: config.apps, store: storage, retryAfterMs: config.queue.retryAfter })
  await app.register(async (api) => {
    const apiToken = config.auth.apiToken
    if (apiToken) {
      api.addHook('onRequest', async (request, reply) => {
        if (request.url.startsWith('/api/docs')) return
        if (!tokenMatches(presentedToken(request.headers), [apiToken])) {
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer')
            .send({ error: 'unauthorized', message: 'send Authorization: Bearer <api token>' })
        }
      })
    }
    await api.register(traceRoutes, { storage })
    await api.register(serviceRoutes, { storage })
    await api.register(infraRoutes, { storage })
    await api.register(rumVitalsRoutes, { store: storage })
    await api.register(rumErrorsRoutes, { store: storage })
    await api.register(journeyRoutes, { store: storage })
    if (slos) {
      await api.register(sloRoutes, { slos })
      await api.register(reportRoutes, { slos })
    }
  })
  return app
}
