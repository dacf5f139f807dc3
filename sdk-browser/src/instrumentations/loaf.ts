// biome-ignore-all lint/complexity/useArrowFunction: `(function …)` is V8's eager-compile hint (issue 3)
import type { Context } from '../context.js'

/** Frames shorter than this are not reported. */
export const LONG_FRAME_MIN_MS = 100
/** Long frames reported per page load at most. */
export const LONG_FRAMES_MAX = 50

interface LoafEntry extends PerformanceEntry {
  blockingDuration?: number
  scripts?: { sourceURL: string; sourceFunctionName: string; invoker: string; duration: number }[]
}

/** Long animation frames with their slowest scripts; long tasks where LoAF is not supported. */
// biome-ignore format: the parentheses ask V8 to compile this eagerly, off the main thread (issue 3)
export const loaf = (function (ctx: Context): void {
  let n = 0
  const r = Math.round
  // one handler for both entry types: a long task is a frame without blocking time and scripts
  const report = (function (list: PerformanceEntry[]) {
    for (const e of list as LoafEntry[]) {
      if (e.duration < LONG_FRAME_MIN_MS || n++ >= LONG_FRAMES_MAX) continue
      const frame = e.entryType !== 'longtask'
      ctx.emit({
        type: 'long_frame',
        source: frame ? 'loaf' : 'longtask',
        start: r(e.startTime),
        duration: r(e.duration),
        ...(frame && {
          blockingDuration: r(e.blockingDuration ?? 0),
          scripts: [...(e.scripts ?? [])]
            .sort((a, b) => b.duration - a.duration)
            .slice(0, 5)
            .map((s) => ({
              src: ctx.scrub(s.sourceURL),
              fn: s.sourceFunctionName.slice(0, 256),
              invoker: s.invoker.slice(0, 256),
              duration: r(s.duration),
            })),
        }),
      })
    }
  })
  if (!ctx.observe('long-animation-frame', report)) ctx.observe('longtask', report)
})
