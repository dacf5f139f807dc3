// biome-ignore-all lint/complexity/useArrowFunction: `(function …)` is V8's eager-compile hint (issue 3)
import { buildError } from '../buildError.js'
import type { Context } from '../context.js'
import { rateLimit } from '../rateLimit.js'

/** Errors of one fingerprint sent per minute; the rest are counted in the next one's `suppressed`. */
export const ERRORS_PER_FINGERPRINT_PER_MINUTE = 5

/**
 * Uncaught errors and unhandled rejections; answers the reporter `captureError` uses for handled
 * errors. Floods of one fingerprint are rate limited.
 */
// biome-ignore format: the parentheses ask V8 to compile this eagerly, off the main thread (issue 3)
export const errors = (function (ctx: Context): ((value: unknown, handled: boolean) => void) {
  const limit = rateLimit(ERRORS_PER_FINGERPRINT_PER_MINUTE, 60_000)
  const report = (value: unknown, handled: boolean) => {
    const e = buildError(value, handled, ctx.scrub)
    const suppressed = limit(e.fingerprint, Date.now())
    if (suppressed >= 0) ctx.emit(suppressed ? { ...e, suppressed } : e)
  }
  ctx.on(window, 'error', (ev) => {
    const e = ev as ErrorEvent
    // cross-origin scripts give no error object ("Script error."); keep what the event has
    report(
      // without `name`, buildError names it `Error`
      e.error ?? { message: e.message, stack: `    at ${e.filename}:${e.lineno}:${e.colno}` },
      false,
    )
  })
  ctx.on(window, 'unhandledrejection', (ev) => report((ev as PromiseRejectionEvent).reason, false))
  return report
})
