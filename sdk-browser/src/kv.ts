import type { KV } from './types.js'

// JSON in a store; storage that is missing, full or blocked reads as empty. Two plain functions
// rather than one object's methods, so that a minifier can rename them at every call.

/** Reads `key` from `store` as JSON; `undefined` when absent, unreadable or not JSON. */
export const kvGet = <T>(store: KV | undefined, key: string): T | undefined => {
  try {
    const raw = store?.getItem(key)
    return raw ? (JSON.parse(raw) as T) : undefined
  } catch {
    return undefined
  }
}

/** Writes `value` as JSON under `key` (`undefined` removes it); answers whether the store took it. */
export const kvSet = (store: KV | undefined, key: string, value: unknown): boolean => {
  try {
    if (value === undefined) store?.removeItem(key)
    else store?.setItem(key, JSON.stringify(value))
    return !!store
  } catch {
    return false
  }
}
