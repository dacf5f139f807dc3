import type { Context } from '../context.js'
import { guard } from '../guard.js'

/**
 * SPA route changes through the History API and `popstate`: calls `change` whenever the path or
 * query differs from the last one seen (a `replaceState` that keeps the URL is not a page view).
 */
export const routes = (ctx: Context, change: () => void): void => {
  const where = () => location.pathname + location.search
  let last = where()
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
}
