const cache = new Map<string, RegExp>()

/**
 * Whether a path matches a route pattern: `:name` matches one segment, `*` anything, and a
 * trailing slash is optional (`/order/:id`, `/checkout/*`).
 */
export const matchRoute = (pattern: string, path: string): boolean => {
  let re = cache.get(pattern)
  if (!re) {
    const body = pattern
      .replace(/\/+$/, '')
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/:\w+/g, '[^/]+')
      .replace(/\*/g, '.*')
    re = new RegExp(`^${body}/?$`)
    cache.set(pattern, re)
  }
  return re.test(path)
}
