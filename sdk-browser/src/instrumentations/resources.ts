import type { Context } from '../context.js'
import { type ResourceEntryLike, resourceSummary } from '../resourceSummary.js'

/**
 * Resource Timing totalled per page view, leaving out the SDK's own requests. Answers a function
 * that emits the summary so far; it runs before a route change and when the page is hidden, so a
 * page view may have several summaries, which add up.
 */
export const resources = (ctx: Context): (() => void) => {
  const sum = resourceSummary(ctx.scrub)
  ctx.observe('resource', (list) => {
    for (const e of list as unknown as ResourceEntryLike[]) if (!e.name.startsWith(ctx.cfg.url)) sum.add(e)
  })
  return () => {
    const s = sum.take()
    if (s) ctx.emit(s)
  }
}
