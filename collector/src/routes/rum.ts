import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import { RumLimits, validateRumBatch } from '@vigil/protocol'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { authoriseBatch } from '../rum/authoriseBatch.js'
import { buildRumRows } from '../rum/buildRumRows.js'
import { corsAllows } from '../rum/corsAllows.js'
import { parseUserAgent } from '../rum/parseUserAgent.js'
import type { RumApp } from '../rum/RumApp.js'
import type { RumStore } from '../rum/RumStore.js'
import { ViewPageCache } from '../rum/ViewPageCache.js'
import { QueueFullError } from '../storage/QueueFullError.js'
import { drainRequest, refusedBodyDrain } from './drainRequest.js'

const gunzipAsync = promisify(gunzip)

export interface RumRoutesOptions {
  /** Apps allowed to send; none configured accepts every app from every origin. */
  apps: readonly RumApp[]
  store: RumStore
  /** `Retry-After` when storage is busy and no better figure is known, ms. */
  retryAfterMs: number
  /** The collector's clock, epoch ms (tests pin it). */
  now?: () => number
}

/** Seconds a browser may cache a preflight answer (Chrome caps it at 7200). */
export const rumPreflightMaxAge = 7200

const path = '/rum/v1/events'
const bodyLimit = RumLimits.maxBatchBytes

class RumFailure extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }
}

/** Only method and path are logged: the default request serializer would log the client's IP address. */
const logSerializers = {
  req: (request: FastifyRequest) => ({ method: request.method, url: request.url }),
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name]
  return typeof value === 'string' ? value : undefined
}

const mediaType = (request: FastifyRequest): string =>
  (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''

/**
 * `POST /rum/v1/events`: RUM batches from the browser SDK, as JSON or as `text/plain` JSON (what
 * `sendBeacon` sends), optionally gzip. Validates against the protocol schema, checks the app's
 * ingest key and page origin, corrects clock skew, describes the client from its user agent (its
 * IP address is neither stored nor logged) and answers `{ accepted, duplicates }` only after commit.
 * CORS: preflights and responses name only allowed origins; no credentials.
 */
export const rumRoutes = async (app: FastifyInstance, options: RumRoutesOptions) => {
  const { apps, store } = options
  const now = options.now ?? Date.now
  const pages = new ViewPageCache()

  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body))

  const allowOrigin = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const origin = header(request, 'origin')
    reply.header('vary', 'Origin')
    if (origin === undefined || !corsAllows(apps, origin)) return false
    reply.header('access-control-allow-origin', origin)
    reply.header('access-control-expose-headers', 'retry-after')
    return true
  }

  const fail = (request: FastifyRequest, reply: FastifyReply, failure: RumFailure) => {
    // A page origin its app does not allow gets no CORS grant, even if another app allows it.
    if (failure.statusCode !== 403) allowOrigin(request, reply)
    else reply.header('vary', 'Origin')
    if (failure.retryAfterSeconds !== undefined)
      reply.header('retry-after', String(failure.retryAfterSeconds))
    return reply
      .code(failure.statusCode)
      .send({ error: failure.code, message: failure.message, ...failure.extra })
  }

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof RumFailure) return fail(request, reply, error)
    if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      await drainRequest(request.raw, refusedBodyDrain(bodyLimit))
      return fail(
        request,
        reply,
        new RumFailure(413, 'too_large', `body exceeds the limit of ${bodyLimit} bytes`),
      )
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return fail(request, reply, new RumFailure(400, 'bad_request', error.message))
    }
    request.log.error({ err: error }, 'RUM ingest failed')
    const retry = Math.max(1, Math.ceil(options.retryAfterMs / 1000))
    return fail(
      request,
      reply,
      new RumFailure(503, 'unavailable', 'could not store the batch; retry', {}, retry),
    )
  })

  app.options(path, { logSerializers }, async (request, reply) => {
    if (!allowOrigin(request, reply)) {
      return reply.code(403).send({ error: 'forbidden', message: 'origin not allowed' })
    }
    return reply
      .code(204)
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type, content-encoding, x-vigil-key')
      .header('access-control-max-age', String(rumPreflightMaxAge))
      .send()
  })

  app.post(path, { logSerializers }, async (request, reply) => {
    const receivedAt = now()
    const type = mediaType(request)
    if (type !== 'application/json' && type !== 'text/plain') {
      throw new RumFailure(
        415,
        'unsupported_media_type',
        'send application/json or text/plain (sendBeacon) JSON',
      )
    }
    const text = (await decompressed(request)).toString('utf8')
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      throw new RumFailure(400, 'invalid_json', 'body is not valid JSON')
    }
    const validation = validateRumBatch(body)
    if (!validation.ok) {
      const issues = validation.issues.map((issue) => `${issue.path || '/'}: ${issue.message}`)
      throw new RumFailure(400, 'invalid_batch', `batch does not match the RUM schema: ${issues[0]}`, {
        issues,
      })
    }
    const { batch } = validation
    const origin = header(request, 'origin')
    const access = authoriseBatch(
      apps,
      batch.meta.app,
      batch.meta.key ?? header(request, 'x-vigil-key'),
      origin,
    )
    if (!access.ok) {
      throw new RumFailure(
        access.status,
        access.status === 401 ? 'unauthorized' : 'forbidden',
        access.message,
      )
    }
    const rows = buildRumRows(batch, {
      receivedAt,
      client: parseUserAgent(header(request, 'user-agent')),
      pages,
    })
    try {
      const result = await store.writeRum(rows)
      allowOrigin(request, reply)
      return reply.code(200).send(result)
    } catch (error) {
      if (error instanceof QueueFullError) {
        throw new RumFailure(
          503,
          'queue_full',
          'write queue is full; retry later',
          {},
          error.retryAfterSeconds,
        )
      }
      throw error
    }
  })
}

/** The body, gunzipped when it says so, never larger than the RUM limit once decompressed. */
const decompressed = async (request: FastifyRequest): Promise<Buffer> => {
  const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
  const encoding = (header(request, 'content-encoding') ?? 'identity').trim().toLowerCase()
  if (encoding === 'identity' || encoding === '') return raw
  if (encoding !== 'gzip') {
    throw new RumFailure(
      415,
      'unsupported_encoding',
      `unsupported content encoding ${JSON.stringify(encoding)}`,
    )
  }
  try {
    return await gunzipAsync(raw, { maxOutputLength: bodyLimit })
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new RumFailure(413, 'too_large', `decompressed body exceeds the limit of ${bodyLimit} bytes`)
    }
    throw new RumFailure(400, 'invalid_gzip', 'body is not valid gzip')
  }
}
