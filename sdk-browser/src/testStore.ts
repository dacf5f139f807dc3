import type { KV } from './types.js'

/** A Map-backed stand-in for localStorage, used by tests. */
export const testStore = (): KV & { data: Map<string, string> } => {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  }
}
