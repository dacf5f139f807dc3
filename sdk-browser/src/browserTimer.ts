import type { Timer } from './types.js'

/**
 * `setTimeout` wrapped in an arrow: the SDK's modules call timers as `options.timer(...)`, and Chrome throws
 * "Illegal invocation" when `setTimeout` runs with such an object as `this`.
 */
export const browserTimer: Timer = (fn, ms) => setTimeout(fn, ms)

/** `clearTimeout` for a {@link browserTimer} handle, wrapped for the same reason. */
export const clearBrowserTimer = (handle: unknown): void => clearTimeout(handle as number)
