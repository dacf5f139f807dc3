// biome-ignore-all lint/complexity/useArrowFunction: `(function …)` is V8's eager-compile hint (issue 3)
import type { ResourcesEvent } from '@vigil/protocol'

/** The Resource Timing fields a summary reads. */
export interface ResourceEntryLike {
  name: string
  initiatorType: string
  duration: number
  transferSize?: number
  decodedBodySize?: number
}

type Summary = Pick<ResourcesEvent, 'type' | 'count' | 'bytes' | 'cached' | 'byType' | 'slowest'>

/**
 * Totals resources by initiator type and keeps the `slowestMax` slowest. `take` answers the summary
 * so far and starts a new one; it answers undefined when nothing was loaded.
 */
// biome-ignore format: the parentheses ask V8 to compile this eagerly, off the main thread (issue 3)
export const resourceSummary = (function (scrub: (url: string) => string, slowestMax = 5) {
  let s: Summary
  const reset = () => {
    s = { type: 'resources', count: 0, bytes: 0, cached: 0, byType: {}, slowest: [] }
  }
  reset()
  return {
    add: (function (e: ResourceEntryLike): void {
      const bytes = e.transferSize ?? 0
      const duration = Math.round(e.duration)
      s.count++
      s.bytes += bytes
      // transferSize 0 with a body means the HTTP cache served it (cross-origin without TAO reads 0/0)
      if (bytes === 0 && (e.decodedBodySize ?? 0) > 0) s.cached++
      const t = s.byType[e.initiatorType] ?? { count: 0, bytes: 0, duration: 0 }
      s.byType[e.initiatorType] = t
      t.count++
      t.bytes += bytes
      t.duration += duration
      const slow = s.slowest
      if (slow.length < slowestMax || duration > (slow[slow.length - 1]?.duration ?? 0)) {
        slow.push({ url: scrub(e.name), initiator: e.initiatorType, duration, bytes })
        slow.sort((a, b) => b.duration - a.duration)
        slow.length = Math.min(slow.length, slowestMax)
      }
    }),
    take: (): Summary | undefined => {
      const out = s
      reset()
      return out.count ? out : undefined
    },
  }
})
