import type { Timer } from './types.js'

/** Options of {@link batcher}. */
export interface BatcherOptions<T> {
  maxItems: number
  /** Flush before the serialised items would exceed this many characters. */
  maxBytes: number
  /** Flush this long after the first item of a batch arrived. */
  delayMs: number
  flush: (items: T[]) => void
  timer: Timer
  clear: (handle: unknown) => void
}

/** Collects items and hands them on in batches, by count, by size or by time, whichever comes first. */
export const batcher = <T>(o: BatcherOptions<T>) => {
  let items: T[] = []
  let bytes = 0
  let handle: unknown
  const flush = (): void => {
    if (handle !== undefined) o.clear(handle)
    handle = undefined
    if (!items.length) return
    const out = items
    items = []
    bytes = 0
    o.flush(out)
  }
  const add = (item: T): void => {
    const size = JSON.stringify(item).length + 1
    if (items.length && bytes + size > o.maxBytes) flush()
    items.push(item)
    bytes += size
    if (items.length >= o.maxItems || bytes >= o.maxBytes) flush()
    else handle ??= o.timer(flush, o.delayMs)
  }
  return { add, flush }
}
