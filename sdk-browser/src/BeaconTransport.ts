/** Result of one HTTP attempt; status 0 means the request never got an answer. */
export interface SendResult {
  status: number
  retryAfter: string | null
}

/**
 * Sends serialised batches to `POST {endpoint}/rum/v1/events`. The fetch function is captured
 * when the SDK starts, before anything patches `fetch`, so the SDK never observes its own requests.
 */
export interface Transport {
  /** A normal send: JSON, awaited, never rejects. */
  send(body: string): Promise<SendResult>
  /**
   * A send during page unload: `sendBeacon` (text/plain, so no CORS preflight), falling back to
   * `fetch` with `keepalive`. Answers whether the browser took the request.
   */
  beacon(body: string): boolean
}

/** The browser transport over `fetch` and `navigator.sendBeacon`. */
export const BeaconTransport = (
  url: string,
  fetchFn: typeof fetch,
  nav: Pick<Navigator, 'sendBeacon'> | undefined = navigator,
): Transport => ({
  async send(body) {
    try {
      const r = await fetchFn(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
        credentials: 'omit',
      })
      return { status: r.status, retryAfter: r.headers.get('retry-after') }
    } catch {
      return { status: 0, retryAfter: null }
    }
  },
  beacon(body) {
    try {
      if (nav?.sendBeacon?.(url, body)) return true
      fetchFn(url, { method: 'POST', body, keepalive: true, credentials: 'omit' }).catch(() => {})
      return true
    } catch {
      return false
    }
  },
})
