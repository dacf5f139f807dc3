import { maskMessage } from './maskMessage.js'

/**
 * Makes a URL safe to send: drops the fragment and every query parameter not in `allow`, and masks
 * e-mail addresses and long digit runs in the path. Non-HTTP URLs (`data:`, `blob:`) are reduced to
 * their scheme so that inline payloads never leave the page.
 */
export const scrubUrl = (url: string, allow: readonly string[] = [], max = 2048): string => {
  let u: URL
  try {
    u = new URL(url, globalThis.location?.href)
  } catch {
    return maskMessage(String(url).split(/[?#]/)[0] ?? '', max)
  }
  if (!/^https?:$/.test(u.protocol)) return u.protocol
  const kept = new URLSearchParams()
  for (const [k, v] of u.searchParams) if (allow.includes(k)) kept.append(k, v)
  const query = kept.toString()
  return (u.origin + maskMessage(u.pathname, max) + (query ? `?${query}` : '')).slice(0, max)
}
