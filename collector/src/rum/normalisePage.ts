/** A page as stored: its route pattern and its scrubbed path. */
export interface NormalisedPage {
  /** Path with identifier-like segments replaced by `:id`, e.g. `/order/:id`. */
  page: string
  /** Path without query or fragment, with e-mail addresses and long digit runs masked. */
  path: string
}

const email = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g
const digits = /\d(?:[ -]?\d){5,}/g
const maxSegments = 32

/**
 * A segment that names one object rather than a page: numbers, UUIDs, long hex or base-36 tokens,
 * and values the SDK already masked (`<num>`, `<email>`).
 */
const isIdentifier = (segment: string): boolean =>
  /^\d+$/.test(segment) ||
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) ||
  (/^[0-9a-f]{12,}$/i.test(segment) && /\d/.test(segment)) ||
  (/^[A-Za-z0-9_-]{16,}$/.test(segment) && /\d/.test(segment) && /[A-Za-z]/.test(segment)) ||
  /<(?:num|email)>/.test(segment)

const pathOf = (url: string): string => {
  try {
    return new URL(url, 'http://invalid').pathname
  } catch {
    return url.split(/[?#]/)[0] ?? ''
  }
}

const decoded = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * The route pattern and scrubbed path of a page URL. The SDK scrubs URLs already; this repeats the
 * masking so that other senders cannot store personal data in paths, and groups pages such as
 * `/order/123` and `/order/456` under one pattern for per-page vitals.
 */
export const normalisePage = (url: string): NormalisedPage => {
  // Masking runs on decoded segments so that `%20`-split card numbers are caught too.
  const segments = (pathOf(url) || '/')
    .split('/')
    .slice(0, maxSegments + 1)
    .map((segment) => decoded(segment).replace(email, '<email>').replace(digits, '<num>'))
  const path = segments.join('/')
  const page = segments.map((segment) => (isIdentifier(segment) ? ':id' : segment)).join('/')
  return { page: page === '' ? '/' : page, path }
}
