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
export const loaf = (ctx: Context): void => {
  let n = 0
  const r = Math.round
  const supported = ctx.observe('long-animation-frame', (list) => {
    for (const e of list as LoafEntry[]) {
      if (e.duration < LONG_FRAME_MIN_MS || n++ >= LONG_FRAMES_MAX) continue
      const scripts = [...(e.scripts ?? [])].sort((a, b) => b.duration - a.duration).slice(0, 5)
      ctx.emit({
        type: 'long_frame',
        source: 'loaf',
        start: r(e.startTime),
        duration: r(e.duration),
        blockingDuration: r(e.blockingDuration ?? 0),
        scripts: scripts.map((s) => ({
          src: ctx.scrub(s.sourceURL),
          fn: s.sourceFunctionName.slice(0, 256),
          invoker: s.invoker.slice(0, 256),
          duration: r(s.duration),
        })),
      })
    }
  })
  if (!supported) {
    ctx.observe('longtask', (list) => {
      for (const e of list) {
        if (e.duration < LONG_FRAME_MIN_MS || n++ >= LONG_FRAMES_MAX) continue
        ctx.emit({ type: 'long_frame', source: 'longtask', start: r(e.startTime), duration: r(e.duration) })
      }
    })
  }
}
