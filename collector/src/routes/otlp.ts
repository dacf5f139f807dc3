import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { CollectorConfig } from '../config/schema.js'
import { countRejected, type IngestStats, type Signal } from '../ingestStats.js'
import { DecodeWorker } from '../otlp/DecodeWorker.js'
import type { DecodedForStorage } from '../otlp/decodeForStorage.js'
import {
  contentTypeFor,
  encodeExportResponse,
  encodeStatus,
  OtlpDecodeError,
  type OtlpFormat,
  otlpFormat,
} from '../otlp/index.js'
import { presentedToken, tokenMatches } from '../plugins/bearerToken.js'
import { QueueFullError, type Storage } from '../storage/index.js'
import { drainRequest, refusedBodyDrain } from './drainRequest.js'

const gunzipAsync = promisify(gunzip)

/** google.rpc.Code values the OTLP specification uses in error bodies. */
const RpcCode = { invalidArgument: 3, resourceExhausted: 8, unauthenticated: 16, unavailable: 14 } as const

export interface OtlpRoutesOptions {
  config: CollectorConfig
  storage: Storage
  stats: IngestStats
  /** Decode on the request's thread instead of a worker thread (default: a worker when its script is built). */
  inlineDecoding?: boolean
}

class HttpFailure extends Error {
  constructor(
    readonly statusCode: number,
    readonly rpcCode: number,
    message: string,
    readonly reason: Parameters<typeof countRejected>[2],
  ) {
    super(message)
  }
}

/**
 * OTLP/HTTP receivers for `/v1/traces`, `/v1/metrics` and `/v1/logs`, per the OTLP specification: protobuf or
 * JSON bodies, optional gzip, a 200 with partial success only after the rows are committed, and error bodies
 * as `google.rpc.Status` in the request's own encoding.
 */
export const otlpRoutes = async (
  app: FastifyInstance,
  { config, storage, stats, inlineDecoding }: OtlpRoutesOptions,
) => {
  const bodyLimit = config.server.bodyLimit
  const decoder = new DecodeWorker({ inline: inlineDecoding, threads: config.server.decodeThreads })
  app.addHook('onClose', () => decoder.close())
  const ingestKeys = (config.auth.ingestKeys ?? []).map((k) => k.key)

  // The raw body is read here with the compressed-size limit; decoding needs the bytes, whatever the type.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body))

  const failureFormat = (request: FastifyRequest): OtlpFormat =>
    otlpFormat(request.headers['content-type']) ?? 'json'

  const sendFailure = (request: FastifyRequest, reply: FastifyReply, failure: HttpFailure) => {
    const format = failureFormat(request)
    if (failure.statusCode === 503 || failure.statusCode === 429) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(config.queue.retryAfter / 1000))))
    }
    return reply
      .code(failure.statusCode)
      .type(contentTypeFor(format))
      .send(encodeStatus(format, failure.rpcCode, failure.message))
  }

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const signal = signalOf(request.url)
    if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      if (signal) countRejected(stats, signal, 'too_large')
      await drainRequest(request.raw, refusedBodyDrain(bodyLimit))
      return sendFailure(
        request,
        reply,
        new HttpFailure(
          413,
          RpcCode.invalidArgument,
          `body exceeds the limit of ${bodyLimit} bytes`,
          'too_large',
        ),
      )
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendFailure(
        request,
        reply,
        new HttpFailure(400, RpcCode.invalidArgument, error.message, 'invalid'),
      )
    }
    request.log.error({ err: error }, 'OTLP request failed')
    return sendFailure(
      request,
      reply,
      new HttpFailure(
        503,
        RpcCode.unavailable,
        'the collector could not store the request; retry',
        'storage',
      ),
    )
  })

  const ingest = (signal: Signal) => async (request: FastifyRequest, reply: FastifyReply) => {
    stats.requests[signal] += 1
    try {
      if (ingestKeys.length > 0 && !tokenMatches(presentedToken(request.headers), ingestKeys)) {
        throw new HttpFailure(401, RpcCode.unauthenticated, 'missing or unknown ingest key', 'unauthorized')
      }
      const format = otlpFormat(request.headers['content-type'])
      if (!format) {
        throw new HttpFailure(
          415,
          RpcCode.invalidArgument,
          `unsupported content type ${JSON.stringify(request.headers['content-type'] ?? '')}: send application/x-protobuf or application/json`,
          'unsupported',
        )
      }
      const body = await decompressed(request, bodyLimit)
      const response = await store(signal, body, format)
      return reply.code(200).type(contentTypeFor(format)).send(response)
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error
      countRejected(stats, signal, error.reason)
      return sendFailure(request, reply, error)
    }
  }

  const decodeAndWrite = async (
    signal: Signal,
    body: Buffer,
    format: OtlpFormat,
  ): Promise<DecodedForStorage> => {
    // Nothing would fit: refuse before spending a decode on the body.
    if (storage.queueDepth() >= config.queue.maxRows) throw new QueueFullError(1, storage.queueDepth())
    const decoded = await decoder.decode(signal, body, format, config.limits)
    if (decoded.rows > 0) await storage.writeEncoded(decoded.batch)
    return decoded
  }

  const store = async (signal: Signal, body: Buffer, format: OtlpFormat): Promise<Buffer> => {
    let decoded: DecodedForStorage
    try {
      decoded = await decodeAndWrite(signal, body, format)
    } catch (error) {
      if (error instanceof OtlpDecodeError) {
        throw new HttpFailure(400, RpcCode.invalidArgument, error.message, 'invalid')
      }
      if (error instanceof QueueFullError) {
        throw new HttpFailure(503, RpcCode.unavailable, 'write queue is full; retry later', 'queue_full')
      }
      throw error
    }
    stats.received[signal] += decoded.rows
    if (decoded.rejected > 0) countRejected(stats, signal, 'invalid', decoded.rejected)
    return encodeExportResponse(signal, format, decoded)
  }

  app.post('/v1/traces', ingest('traces'))
  app.post('/v1/metrics', ingest('metrics'))
  app.post('/v1/logs', ingest('logs'))
}

const signalOf = (url: string): Signal | undefined => {
  const match = /^\/v1\/(traces|metrics|logs)\b/.exec(url)
  return match ? (match[1] as Signal) : undefined
}

/** The request body, gunzipped when it says so, never larger than `limit` bytes once decompressed. */
const decompressed = async (request: FastifyRequest, limit: number): Promise<Buffer> => {
  const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
  const encoding = String(request.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase()
  if (encoding === 'identity' || encoding === '') return raw
  if (encoding !== 'gzip') {
    throw new HttpFailure(
      415,
      RpcCode.invalidArgument,
      `unsupported content encoding ${JSON.stringify(encoding)}: send gzip or identity`,
      'unsupported',
    )
  }
  try {
    return await gunzipAsync(raw, { maxOutputLength: limit })
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpFailure(
        413,
        RpcCode.invalidArgument,
        `decompressed body exceeds the limit of ${limit} bytes`,
        'too_large',
      )
    }
    throw new HttpFailure(400, RpcCode.invalidArgument, 'body is not valid gzip', 'invalid')
  }
}
