import { logger } from './logger.js'

/** Wraps a listener or public function so that nothing it throws escapes into the host page. */
export const guard =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  (...args: A): R | undefined => {
    try {
      return fn(...args)
    } catch (e) {
      logger.warn(e)
    }
  }
