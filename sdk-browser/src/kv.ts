import type { KV } from './types.js'

/** Reads and writes JSON in a store; storage that is missing, full or blocked reads as empty. */
export const kv = {
  get<T>(store: KV | undefined, key: string): T | undefined {
    try {
      const raw = store?.getItem(key)
      return raw ? (JSON.parse(raw) as T) : undefined
    } catch {
      return undefined
    }
  },
  set(store: KV | undefined, key: string, value: unknown): boolean {
    try {
      if (value === undefined) store?.removeItem(key)
      else store?.setItem(key, JSON.stringify(value))
      return !!store
    } catch {
      return false
    }
  },
}
