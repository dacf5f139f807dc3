/**
 * The SDK's internal logger. Silent unless `debug` is set; it never throws and never reports its
 * own messages as page errors (it writes to the console only).
 */
export const logger = {
  debug: false as boolean | undefined,
  warn(...args: unknown[]): void {
    try {
      if (logger.debug) console.warn('[vigil]', ...args)
    } catch {
      // a console replaced by the page must not break the SDK
    }
  },
}
