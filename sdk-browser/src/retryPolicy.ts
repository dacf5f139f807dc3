/** Figures of the retry policy. */
export const RetryLimits = {
  baseMs: 1000,
  maxMs: 300_000,
  maxAttempts: 10,
  /** A server asking for more than this is obeyed up to this much; the queue is bounded anyway. */
  maxRetryAfterMs: 3_600_000,
} as const

/** Milliseconds a `Retry-After` header asks for (delta-seconds or HTTP date), if it is valid. */
export const parseRetryAfter = (header: string | null | undefined, now: number): number | undefined => {
  if (!header?.trim()) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * Decides what to do after a send: `undefined` when the batch is finished with (2xx, or a client
 * error that a retry cannot fix, or too many attempts), else the delay before the next attempt.
 * Network failures (status 0), 408, 429 and 5xx retry with exponential backoff and full jitter;
 * a `Retry-After` sets the floor of the delay.
 */
export const retryPolicy = (
  status: number,
  attempt: number,
  retryAfter: string | null | undefined,
  now: number,
  random: number,
): number | undefined => {
  const retryable = status === 0 || status === 408 || status === 429 || status >= 500
  if (!retryable || attempt + 1 >= RetryLimits.maxAttempts) return undefined
  const backoff = random * Math.min(RetryLimits.maxMs, RetryLimits.baseMs * 2 ** attempt)
  const floor = parseRetryAfter(retryAfter, now)
  return floor === undefined
    ? backoff
    : Math.min(floor, RetryLimits.maxRetryAfterMs) + random * RetryLimits.baseMs
}
