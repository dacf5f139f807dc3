import UAParser from 'ua-parser-js'

/** Browser, OS and device class of a user agent; null where the user agent does not say. */
export interface ClientInfo {
  browser: string | null
  browserVersion: string | null
  os: string | null
  /** ua-parser-js device type, `desktop` when it names none (it only names non-desktop classes). */
  deviceType: string | null
}

const cacheSize = 1_000
const cache = new Map<string, ClientInfo>()
const unknown: ClientInfo = { browser: null, browserVersion: null, os: null, deviceType: null }

const parse = (userAgent: string): ClientInfo => {
  const { browser, os, device } = new UAParser(userAgent).getResult()
  return {
    browser: browser.name ?? null,
    browserVersion: browser.major ?? null,
    os: os.name ?? null,
    deviceType: device.type ?? (browser.name || os.name ? 'desktop' : null),
  }
}

/**
 * Parses a `User-Agent` header with ua-parser-js. Results are cached (a small bounded map: a site
 * sees few distinct user agents, and parsing runs dozens of regular expressions).
 */
export const parseUserAgent = (userAgent: string | undefined): ClientInfo => {
  if (!userAgent) return unknown
  const text = userAgent.slice(0, 512)
  const hit = cache.get(text)
  if (hit) return hit
  const info = parse(text)
  if (cache.size >= cacheSize) {
    const oldest = cache.keys().next().value
    if (oldest !== undefined) cache.delete(oldest)
  }
  cache.set(text, info)
  return info
}
