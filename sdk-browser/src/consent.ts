/** Consent as the host page's consent manager reports it. */
export type ConsentState = 'pending' | 'granted' | 'denied'

/**
 * Gates events on consent. Granted: items pass straight to `release`. Pending: items wait in a
 * memory buffer of at most `max` (later ones are dropped, keeping the page view that started it).
 * Denied: items are dropped. Granting releases the buffer in order; denying discards it.
 */
export const consent = <T>(initial: ConsentState, max: number, release: (item: T) => void) => {
  let state = initial
  let buffer: T[] = []
  return {
    state: () => state,
    push(item: T): void {
      if (state === 'granted') release(item)
      else if (state === 'pending' && buffer.length < max) buffer.push(item)
    },
    set(next: ConsentState): void {
      state = next
      if (next === 'pending') return
      const held = buffer
      buffer = []
      if (next === 'granted') for (const item of held) release(item)
    },
  }
}
