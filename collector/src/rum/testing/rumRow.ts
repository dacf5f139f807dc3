import type { RumRow } from '../RumRow.js'

/**
 * One `rum_events` row with neutral defaults (app `shop`, session `s1`, page `/`, Chrome, sample rate 1,
 * received when it happened): tests of the RUM SQL give only what they look at.
 */
export const rumRow = (
  over: Partial<RumRow> & Pick<RumRow, 'eventId' | 'type' | 'timestamp' | 'viewId'>,
): RumRow => ({
  app: 'shop',
  clientTime: over.timestamp,
  receivedAt: over.timestamp,
  release: '1.0',
  environment: null,
  sessionId: 's1',
  page: '/',
  path: '/',
  browser: 'Chrome',
  browserVersion: null,
  os: null,
  deviceType: null,
  sampleRate: 1,
  traceId: null,
  spanId: null,
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
  detail: '{}',
  ...over,
})
