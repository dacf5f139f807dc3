import { type Static, Type } from '@sinclair/typebox'
import type { SloSpec } from '@vigil/slo'
import { decodeThreads } from '../otlp/decodeThreads.js'
import type { RumApp } from '../rum/RumApp.js'
import { durationPattern } from './parseDuration.js'
import { sizePattern } from './parseSize.js'

/**
 * The configuration file (`vigil.yaml`) as written: every section and setting optional, durations
 * and sizes as text. Each leaf's `description` completes the sentence "<setting> must be …" in
 * error messages. Unknown keys are rejected so that a typo never silently falls back to a default.
 */

const duration = () =>
  Type.String({ pattern: durationPattern.source, description: 'a duration such as 7d, 12h or 30m' })

const size = () =>
  Type.Union([Type.String({ pattern: sizePattern.source }), Type.Integer({ minimum: 0 })], {
    description: 'a size such as 512KiB, 16MiB or 1GiB, or a whole number of bytes',
  })

const wholeNumber = (minimum: number, maximum: number) =>
  Type.Integer({ minimum, maximum, description: `a whole number from ${minimum} to ${maximum}` })

const section = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Optional(Type.Object(properties, { additionalProperties: false }))

/** Log levels, quietest last; `silent` turns logging off. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** The smallest `auth.apiToken` accepted: long enough that guessing it over the network is hopeless. */
export const minApiTokenLength = 16

export const ConfigFileSchema = Type.Object(
  {
    server: section({
      host: Type.Optional(
        Type.String({
          pattern: '^\\S+$',
          description: 'a host name or IP address such as 127.0.0.1, ::1 or 0.0.0.0',
        }),
      ),
      port: Type.Optional(wholeNumber(0, 65535)),
      bodyLimit: Type.Optional(size()),
      decodeThreads: Type.Optional(wholeNumber(1, 64)),
    }),
    data: section({
      dir: Type.Optional(Type.String({ minLength: 1, description: 'a directory path such as ./data' })),
    }),
    auth: section({
      apiToken: Type.Optional(
        Type.String({
          pattern: `^\\S{${minApiTokenLength},}$`,
          description: `a token of at least ${minApiTokenLength} characters without spaces (make one with: openssl rand -hex 32)`,
        }),
      ),
      ingestKeys: Type.Optional(
        Type.Array(
          Type.Object(
            {
              name: Type.String({
                pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
                description: 'a name of letters, digits, ".", "_" or "-" such as web-shop',
              }),
              key: Type.String({ pattern: '^\\S+$', description: 'a key without spaces' }),
            },
            { additionalProperties: false, description: 'a mapping with a name and a key' },
          ),
          {
            minItems: 1,
            description: 'a list of { name, key } entries (remove it to accept ingest without a key)',
          },
        ),
      ),
    }),
    retention: section({
      traces: Type.Optional(duration()),
      logs: Type.Optional(duration()),
      metrics: Type.Optional(duration()),
      rum: Type.Optional(duration()),
      interval: Type.Optional(duration()),
    }),
    queue: section({
      maxRows: Type.Optional(wholeNumber(1, 100_000_000)),
      retryAfter: Type.Optional(duration()),
    }),
    limits: section({
      maxAttributes: Type.Optional(wholeNumber(1, 65_536)),
      maxAttributeValueBytes: Type.Optional(size()),
    }),
    apps: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({
              minLength: 1,
              maxLength: 128,
              description: 'the app name its SDK sends as `app`, such as shop',
            }),
            key: Type.Optional(
              Type.String({
                pattern: '^\\S{8,256}$',
                description: 'an ingest key of 8 to 256 characters without spaces',
              }),
            ),
            allowedOrigins: Type.Array(
              Type.String({
                pattern: '^(\\*|https?://[^/\\s]+)$',
                description:
                  'an origin such as https://shop.example or http://localhost:8080 (no path), or *',
              }),
              { description: 'a list of page origins such as [https://shop.example]' },
            ),
          },
          {
            additionalProperties: false,
            description: 'a mapping with name, key and allowedOrigins',
          },
        ),
        {
          description:
            'a list of { name, key, allowedOrigins } entries (remove it to accept RUM from any app)',
        },
      ),
    ),
    log: section({
      level: Type.Optional(
        Type.Union(
          logLevels.map((level) => Type.Literal(level)),
          { description: `one of ${logLevels.join(', ')}` },
        ),
      ),
    }),
  },
  { additionalProperties: false },
)

/** The configuration file's content once it has passed `ConfigFileSchema`. */
export type ConfigFile = Static<typeof ConfigFileSchema>

export type LogLevel = (typeof logLevels)[number]

/** Where and how the collector listens. */
export interface ServerConfig {
  /** Address to bind. Loopback unless `auth.apiToken` is set (see `isLoopback`). */
  readonly host: string
  /** TCP port; 0 picks a free one. */
  readonly port: number
  /** Largest request body accepted, in bytes, both as sent and after decompression. */
  readonly bodyLimit: number
  /** Worker threads decoding OTLP requests side by side. */
  readonly decodeThreads: number
}

/** Where the collector keeps its files. */
export interface DataConfig {
  /** Directory of the DuckDB file; absolute once loaded by `loadConfig`. */
  readonly dir: string
}

/** An ingest key, given to one app or service so that its telemetry can be told apart and revoked. */
export interface IngestKey {
  /** Who holds the key, e.g. `web-shop`; safe to log. */
  readonly name: string
  /** The secret itself; never logged. */
  readonly key: string
}

/** Credentials. Nothing here may be logged: use `redactConfig` before printing a config. */
export interface AuthConfig {
  /** Bearer token required on `/api`; absent means the read API is open (loopback only). */
  readonly apiToken?: string
  /** When present, ingest requests must carry one of these keys (`Authorization: Bearer` or `x-vigil-key`). */
  readonly ingestKeys?: readonly IngestKey[]
}

/** How long raw data is kept, and how often old data is removed. All in milliseconds. */
export interface RetentionConfig {
  readonly traces: number
  readonly logs: number
  readonly metrics: number
  /** Browser RUM events. */
  readonly rum: number
  /** Time between two retention sweeps. */
  readonly interval: number
}

/** The bounded write queue between ingest and storage. */
export interface QueueConfig {
  /** Rows waiting for storage beyond which ingest is refused with a `Retry-After`. */
  readonly maxRows: number
  /** Wait, in milliseconds, suggested to refused clients (sent as whole seconds in `Retry-After`). */
  readonly retryAfter: number
}

/** Per-item limits applied while decoding, so one hostile item cannot exhaust memory. */
export interface LimitsConfig {
  /** Most attributes on one span, event, link, log record, data point or resource; an item with more is rejected (OTLP partial success). */
  readonly maxAttributes: number
  /** Longest string attribute value, in UTF-8 bytes; an item with a longer one is rejected (OTLP partial success). */
  readonly maxAttributeValueBytes: number
}

/** Apps allowed to send RUM; `RumApp` in `rum/` documents the fields. Empty accepts any app from any origin. */
export type AppsConfig = readonly RumApp[]

export interface LogConfig {
  readonly level: LogLevel
}

/** The collector's resolved configuration: every default applied, durations in ms, sizes in bytes. */
export interface CollectorConfig {
  readonly server: ServerConfig
  readonly data: DataConfig
  readonly auth: AuthConfig
  readonly retention: RetentionConfig
  readonly queue: QueueConfig
  readonly limits: LimitsConfig
  readonly apps: AppsConfig
  /** SLOs of the `slos:` list (docs/slo.md), parsed and checked by `@vigil/slo`. */
  readonly slos: readonly SloSpec[]
  readonly log: LogConfig
}

const MiB = 1_048_576
const minute = 60_000
const day = 86_400_000

/**
 * Every default in one place. `data.dir` is relative here and resolved against the working
 * directory by `loadConfig`.
 */
export const defaultConfig: CollectorConfig = Object.freeze({
  server: Object.freeze({
    host: '127.0.0.1',
    port: 4318,
    bodyLimit: 16 * MiB,
    decodeThreads: decodeThreads(),
  }),
  data: Object.freeze({ dir: './data' }),
  auth: Object.freeze({}),
  retention: Object.freeze({
    traces: 7 * day,
    logs: 7 * day,
    metrics: 30 * day,
    rum: 30 * day,
    interval: 10 * minute,
  }),
  queue: Object.freeze({ maxRows: 50_000, retryAfter: 2_000 }),
  limits: Object.freeze({ maxAttributes: 1024, maxAttributeValueBytes: 65_536 }),
  apps: Object.freeze([]),
  slos: Object.freeze([]),
  log: Object.freeze({ level: 'info' }),
})
