import type { RumEventType } from '@vigil/protocol'

/**
 * One RUM event as stored in `rum_events`: the common fields as typed columns, the rest of the
 * event (vital attribution, stack frames, resource totals, custom attributes) as `detail` JSON.
 * Times are epoch milliseconds; `timestamp` is corrected for the sender's clock skew.
 */
export interface RumRow {
  app: string
  eventId: string
  type: RumEventType
  /** Event time on the collector's clock (skew-corrected). */
  timestamp: number
  /** Event time as the sender's clock had it; never changes between retries of a batch. */
  clientTime: number
  receivedAt: number
  release: string | null
  environment: string | null
  sessionId: string
  viewId: string
  /** Route pattern of the page (`/order/:id`); null when the event's page view is not known yet. */
  page: string | null
  /** Scrubbed URL path of the page. */
  path: string | null
  browser: string | null
  browserVersion: string | null
  os: string | null
  /** `desktop`, `mobile`, `tablet`, `smarttv`, `console`, `wearable`, `embedded`, or null when unknown. */
  deviceType: string | null
  /** Sampling probability of the session, so counts can be weighted by `1 / sampleRate`. */
  sampleRate: number
  traceId: string | null
  spanId: string | null
  journey: string | null
  journeyId: string | null
  step: string | null
  /** Journey status, or `handled`/`unhandled` for errors. */
  status: string | null
  /** Vital, error type, action, long-frame source, page-view kind, custom or measure name. */
  name: string | null
  /** web-vitals `metricId`: reports sharing it are one metric instance (keep the latest). */
  metricId: string | null
  value: number | null
  rating: string | null
  duration: number | null
  fingerprint: string | null
  message: string | null
  /** JSON text of the event's remaining fields. */
  detail: string
}
