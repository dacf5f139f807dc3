import type { Context } from '../context.js'
import { guard } from '../guard.js'

/**
 * SPA route changes through the History API and `popstate`: calls `change` whenever the path or
 * query differs from the last one seen (a `replaceState` that keeps the URL is not a page view).
 * `since` is the path and query the page view so far was recorded with; the answered check, run
 * once, reports a change made before the History API was wrapped.
 */
export const routes = (ctx: Context, change: () => void, since: string): (() => void) => {
  const where = () => location.pathname + location.search
  let last = since
  const check = guard(() => {
    if (where() === last) return
    last = where()
    change()
  })
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method]
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args)
      check()
      return result
    }
  }
  ctx.on(window, 'popstate', check)
  return check
}
