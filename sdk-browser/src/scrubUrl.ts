// biome-ignore-all lint/complexity/useArrowFunction: `(function …)` is V8's eager-compile hint (issue 3)
import { maskMessage } from './maskMessage.js'

/**
 * Makes a URL safe to send: drops the fragment and every query parameter not in `allow`, and masks
 * e-mail addresses and long digit runs in the path. Non-HTTP URLs (`data:`, `blob:`) are reduced to
 * their scheme so that inline payloads never leave the page.
 */
// biome-ignore format: the parentheses ask V8 to compile this eagerly, off the main thread (issue 3)
export const scrubUrl = (function (url: string, allow: readonly string[] = [], max = 2048): string {
  let u: URL
  try {
    u = new URL(url, globalThis.location?.href)
  } catch {
    return maskMessage(String(url).split('#')[0]!.split('?')[0]!, max)
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return u.protocol
  let query = ''
  if (u.search) {
    const kept = new URLSearchParams()
    for (const [k, v] of u.searchParams) if (allow.includes(k)) kept.append(k, v)
    query = kept.toString()
  }
  return (u.origin + maskMessage(u.pathname, max) + (query ? `?${query}` : '')).slice(0, max)
})
