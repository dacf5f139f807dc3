import { kvGet, kvSet } from './kv.js'
import type { KV } from './types.js'

/** Options of {@link persistedQueue}. */
export interface PersistedQueueOptions {
  key: string
  maxItems: number
  /** Bound on the serialised queue, in characters; oldest items go first. */
  maxBytes: number
  /** The store, or undefined while consent is not granted (the queue then lives in memory). */
  store: () => KV | undefined
}

/**
 * A bounded FIFO of batches mirrored to local storage, so that batches not yet acknowledged survive
 * a reload or a closed tab and are sent on the next load. When full it drops the oldest batches.
 */
export const persistedQueue = <T>(o: PersistedQueueOptions) => {
  let items: T[] = []
  const save = (): void => {
    while (items.length > o.maxItems || (items.length && JSON.stringify(items).length > o.maxBytes)) {
      items.shift()
    }
    // a quota error drops the oldest half and tries once more; memory keeps everything meanwhile
    if (!kvSet(o.store(), o.key, items.length ? items : undefined) && o.store()) {
      kvSet(o.store(), o.key, items.slice(items.length >> 1))
    }
  }
  return {
    /** Merges batches persisted by earlier page loads ahead of this page's; call before the first push. */
    restore(): void {
      const old = kvGet<T[]>(o.store(), o.key)
      if (Array.isArray(old) && old.length) {
        items = [...old, ...items]
        save()
      }
    },
    push(item: T): void {
      items.push(item)
      save()
    },
    remove(item: T): void {
      items = items.filter((x) => x !== item)
      save()
    },
    head: (): T | undefined => items[0],
    all: (): readonly T[] => items,
    clear(): void {
      items = []
      kvSet(o.store() ?? globalThis.localStorage, o.key, undefined)
    },
  }
}
