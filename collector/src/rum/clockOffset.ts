import { ClockSkew } from './ClockSkew.js'

/**
 * Milliseconds to add to the sender's times to put them on the collector's clock: `receivedAt − sentAt`
 * when it exceeds `thresholdMs` in size, else 0 (see {@link ClockSkew}).
 */
export const clockOffset = (
  receivedAt: number,
  sentAt: number,
  thresholdMs: number = ClockSkew.thresholdMs,
) => {
  const offset = receivedAt - sentAt
  return Math.abs(offset) > thresholdMs ? offset : 0
}
