import { type Static, Type } from '@sinclair/typebox'
import { RumEvent } from './RumEvent.js'
import { RumLimits as L } from './RumLimits.js'
import { RUM_PROTOCOL_VERSION } from './version.js'

const Name = Type.String({ minLength: 1, maxLength: L.maxName })

/**
 * Envelope metadata shared by every event of a batch. One batch never mixes sessions: the SDK
 * flushes before it rotates a session.
 */
export const RumMeta = Type.Object(
  {
    /** Protocol version, {@link RUM_PROTOCOL_VERSION}. */
    v: Type.Literal(RUM_PROTOCOL_VERSION),
    /** Application name, as configured in the collector. */
    app: Name,
    /** Ingest key; carried in the body because `sendBeacon` cannot set headers. */
    key: Type.Optional(Type.String({ maxLength: 256 })),
    release: Type.Optional(Name),
    environment: Type.Optional(Name),
    /** Session id (`session.id` in OTel semantic conventions). */
    session: Type.String({ minLength: 1, maxLength: L.maxId, pattern: '^[A-Za-z0-9_.:-]+$' }),
    /** Epoch milliseconds on the sender's clock when this attempt was sent. */
    sentAt: Type.Number({ minimum: 0, maximum: 1e14 }),
    /** SDK name and version, e.g. `{ name: '@vigil/sdk-browser', version: '0.1.0' }`. */
    sdk: Type.Object({ name: Name, version: Type.String({ maxLength: 32 }) }),
    /** Session sampling probability; each event repeats the rate it was sampled at. */
    sampleRate: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
  },
  { $id: 'rum.meta' },
)

/** The body of `POST /rum/v1/events`. */
export const RumBatch = Type.Object(
  {
    meta: RumMeta,
    events: Type.Array(RumEvent, { minItems: 1, maxItems: L.maxEventsPerBatch }),
  },
  { $id: 'rum.batch' },
)

export type RumMeta = Static<typeof RumMeta>
export type RumBatch = Static<typeof RumBatch>
