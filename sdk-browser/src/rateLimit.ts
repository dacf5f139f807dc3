/**
 * A per-key fixed-window limiter: at most `limit` hits per key per `windowMs`. `hit` answers the
 * number of hits suppressed since the last allowed one (0 or more), or -1 when this hit is
 * suppressed. The key table is bounded by `maxKeys` so a page generating endless distinct errors
 * cannot grow it without limit.
 */
export const rateLimit = (limit: number, windowMs: number, maxKeys = 100) => {
  const keys = new Map<string, { start: number; n: number; dropped: number }>()
  return (key: string, now: number): number => {
    let k = keys.get(key)
    if (!k || now - k.start >= windowMs) {
      if (!k && keys.size >= maxKeys) keys.clear()
      k = { start: now, n: 0, dropped: k?.dropped ?? 0 }
      keys.set(key, k)
    }
    if (++k.n > limit) {
      k.dropped++
      return -1
    }
    const dropped = k.dropped
    k.dropped = 0
    return dropped
  }
}
