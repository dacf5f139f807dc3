/**
 * Clock-skew correction of RUM batches. The offset `receivedAt − sentAt` also contains the request's
 * transit time, so offsets within `thresholdMs` are indistinguishable from network latency and are
 * not applied; beyond it the sender's clock is taken to be wrong by the offset.
 */
export const ClockSkew = {
  /** Smallest |receivedAt − sentAt| that is corrected, ms. */
  thresholdMs: 2_000,
} as const
