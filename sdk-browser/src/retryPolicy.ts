/** Figures of the retry policy (plain constants, so that a minifier inlines them). */
export const RETRY_BASE_MS = 1000
export const RETRY_MAX_MS = 300_000
export const RETRY_MAX_ATTEMPTS = 10
/** A server asking for more than this is obeyed up to this much; the queue is bounded anyway. */
export const RETRY_AFTER_MAX_MS = 3_600_000

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
  if (!retryable || attempt + 1 >= RETRY_MAX_ATTEMPTS) return undefined
  const backoff = random * Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt)
  const floor = parseRetryAfter(retryAfter, now)
  return floor === undefined ? backoff : Math.min(floor, RETRY_AFTER_MAX_MS) + random * RETRY_BASE_MS
}
