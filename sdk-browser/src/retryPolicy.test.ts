import { describe, expect, it } from 'vitest'
import {
  parseRetryAfter,
  RETRY_AFTER_MAX_MS,
  RETRY_BASE_MS,
  RETRY_MAX_ATTEMPTS,
  RETRY_MAX_MS,
  retryPolicy,
} from './retryPolicy.js'

const NOW = Date.parse('2025-01-01T00:00:00Z')

describe('retryPolicy', () => {
  it('finishes with a batch on success and on client errors a retry cannot fix', () => {
    for (const status of [200, 202, 204, 400, 401, 403, 404, 413, 415]) {
      expect(retryPolicy(status, 0, null, NOW, 0.5)).toBeUndefined()
    }
  })
  it('retries network failures, 408, 429 and 5xx with exponential backoff and full jitter', () => {
    for (const status of [0, 408, 429, 500, 502, 503, 504])
      expect(retryPolicy(status, 0, null, NOW, 1)).toBe(RETRY_BASE_MS)
    expect(retryPolicy(503, 3, null, NOW, 1)).toBe(RETRY_BASE_MS * 8)
    expect(retryPolicy(503, 3, null, NOW, 0.25)).toBe(RETRY_BASE_MS * 2)
    expect(retryPolicy(503, 8, null, NOW, 1)).toBe(Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 256))
  })
  it('caps the backoff', () => {
    expect(retryPolicy(0, 8, null, NOW, 1)! <= RETRY_MAX_MS).toBe(true)
  })
  it('waits at least what Retry-After asks, in seconds or as a date', () => {
    expect(retryPolicy(429, 0, '120', NOW, 0)).toBe(120_000)
    expect(retryPolicy(503, 0, new Date(NOW + 30_000).toUTCString(), NOW, 0)).toBe(30_000)
    const jittered = retryPolicy(429, 0, '120', NOW, 0.5)!
    expect(jittered).toBeGreaterThanOrEqual(120_000)
    expect(jittered).toBeLessThan(120_000 + RETRY_BASE_MS)
  })
  it('obeys an absurd Retry-After only up to its cap', () => {
    expect(retryPolicy(429, 0, '99999999', NOW, 0)).toBe(RETRY_AFTER_MAX_MS)
  })
  it('gives up after the last attempt', () => {
    expect(retryPolicy(503, RETRY_MAX_ATTEMPTS - 1, null, NOW, 0.5)).toBeUndefined()
  })
})

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates and rejects junk', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0)
    expect(parseRetryAfter('5', NOW)).toBe(5000)
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0)
    expect(parseRetryAfter('soon', NOW)).toBeUndefined()
    expect(parseRetryAfter('-3', NOW)).toBeUndefined()
    expect(parseRetryAfter('', NOW)).toBeUndefined()
    expect(parseRetryAfter(null, NOW)).toBeUndefined()
  })
})
