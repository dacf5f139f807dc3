import { type RumBatch, type RumEvent, rateVital } from '@vigil/protocol'
import { clockOffset } from './clockOffset.js'
import { type NormalisedPage, normalisePage } from './normalisePage.js'
import type { ClientInfo } from './parseUserAgent.js'
import type { RumRow } from './RumRow.js'
import type { ViewPageCache } from './ViewPageCache.js'

/** What the collector knows about a batch besides its body. */
export interface BatchContext {
  /** Epoch ms on the collector's clock when the request arrived. */
  receivedAt: number
  client: ClientInfo
  /** Remembers pages across batches; optional (tests, one-off imports). */
  pages?: ViewPageCache
  /** Override of `ClockSkew.thresholdMs`. */
  skewThresholdMs?: number
}

type Typed = Pick<
  RumRow,
  | 'journey'
  | 'journeyId'
  | 'step'
  | 'status'
  | 'name'
  | 'metricId'
  | 'value'
  | 'rating'
  | 'duration'
  | 'fingerprint'
  | 'message'
>

const none: Typed = {
  journey: null,
  journeyId: null,
  step: null,
  status: null,
  name: null,
  metricId: null,
  value: null,
  rating: null,
  duration: null,
  fingerprint: null,
  message: null,
}

/** The event's type-specific fields: the ones queries filter or aggregate become columns, the rest detail. */
const split = (event: RumEvent): { typed: Typed; detail: Record<string, unknown> } => {
  switch (event.type) {
    case 'page_view':
      return {
        typed: { ...none, name: event.kind },
        detail: { referrer: event.referrer, navigationType: event.navigationType },
      }
    case 'web_vital':
      // The rating is recomputed from the published thresholds; the SDK's own is kept for reference.
      return {
        typed: {
          ...none,
          name: event.name,
          metricId: event.metricId,
          value: event.value,
          rating: rateVital(event.name, event.value),
        },
        detail: {
          delta: event.delta,
          navigationType: event.navigationType,
          sdkRating: event.rating,
          attribution: event.attribution,
        },
      }
    case 'error':
      return {
        typed: {
          ...none,
          name: event.errorType,
          status: event.handled ? 'handled' : 'unhandled',
          value: event.suppressed ?? 0,
          fingerprint: event.fingerprint,
          message: event.message,
        },
        detail: { stack: event.stack },
      }
    case 'action':
      return {
        typed: { ...none, name: event.action, duration: event.duration },
        detail: { target: event.target },
      }
    case 'long_frame':
      return {
        typed: {
          ...none,
          name: event.source,
          duration: event.duration,
          value: event.blockingDuration ?? null,
        },
        detail: { start: event.start, scripts: event.scripts },
      }
    case 'resources':
      return {
        typed: { ...none, value: event.bytes },
        detail: { count: event.count, cached: event.cached, byType: event.byType, slowest: event.slowest },
      }
    case 'journey':
      return {
        typed: {
          ...none,
          journey: event.journey,
          journeyId: event.journeyId,
          step: event.step ?? null,
          status: event.status,
          duration: event.duration,
          message: event.reason ?? null,
        },
        detail: {},
      }
    case 'custom':
      return { typed: { ...none, name: event.name }, detail: { attributes: event.attributes } }
    case 'measure':
      return { typed: { ...none, name: event.name, value: event.value }, detail: { unit: event.unit } }
  }
}

/**
 * Turns a validated batch into rows: times corrected for clock skew (never later than the arrival),
 * the client described from its user agent, pages normalised and carried from each page view to the
 * other events of that view. The client's IP address is not an input, so it cannot be stored.
 */
export const buildRumRows = (batch: RumBatch, context: BatchContext): RumRow[] => {
  const { meta } = batch
  const offset = clockOffset(context.receivedAt, meta.sentAt, context.skewThresholdMs)
  const pages = new Map<string, NormalisedPage>()
  for (const event of batch.events) {
    if (event.type !== 'page_view') continue
    const page = normalisePage(event.url)
    pages.set(event.view, page)
    context.pages?.set(meta.app, event.view, page)
  }
  return batch.events.map((event) => {
    const page = pages.get(event.view) ?? context.pages?.get(meta.app, event.view)
    const { typed, detail } = split(event)
    return {
      app: meta.app,
      eventId: event.id,
      type: event.type,
      timestamp: Math.min(event.time + offset, context.receivedAt),
      clientTime: event.time,
      receivedAt: context.receivedAt,
      release: meta.release ?? null,
      environment: meta.environment ?? null,
      sessionId: meta.session,
      viewId: event.view,
      page: page?.page ?? null,
      path: page?.path ?? null,
      ...context.client,
      sampleRate: event.sampleRate,
      traceId: null,
      spanId: null,
      ...typed,
      detail: JSON.stringify(detail),
    }
  })
}
