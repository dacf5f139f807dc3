// biome-ignore-all lint/complexity/useArrowFunction: `(function …)` is V8's eager-compile hint (issue 3)
import type { Timer } from './types.js'

/** Options of {@link actionTracker}. */
export interface ActionTrackerOptions {
  now: () => number
  timer: Timer
  clear: (handle: unknown) => void
  /** Requests in flight (the SDK's own excluded). */
  pending: () => number
}

/** Quiet time after the last activity that counts as settled. */
export const ACTION_QUIET_MS = 100
/** Longest an action is followed. */
export const ACTION_MAX_MS = 10_000

/**
 * Measures how long the page takes to settle after a user action: until no request is in flight
 * and no DOM mutation or request has happened for {@link ACTION_QUIET_MS}, capped at {@link ACTION_MAX_MS}. The duration runs
 * from the action to its last activity, so a click that changes nothing lasts 0 ms.
 */
// biome-ignore format: the parentheses ask V8 to compile this eagerly, off the main thread (issue 3)
export const actionTracker = (function (o: ActionTrackerOptions) {
  const quiet = ACTION_QUIET_MS
  const max = ACTION_MAX_MS
  let cur: { start: number; last: number; done: (duration: number) => void } | undefined
  let handle: unknown

  const finish = (): void => {
    o.clear(handle)
    const c = cur
    cur = undefined
    c?.done(Math.min(max, Math.max(0, c.last - c.start)))
  }
  const check = (): void => {
    if (!cur) return
    const t = o.now()
    if (t - cur.start >= max || (o.pending() === 0 && t - cur.last >= quiet)) finish()
    else handle = o.timer(check, quiet)
  }
  return {
    /** Follows a new action that happened at `at`; a previous one still running ends first. */
    start: (at: number, done: (duration: number) => void): void => {
      if (cur) finish()
      cur = { start: at, last: at, done }
      handle = o.timer(check, quiet)
    },
    /** A DOM mutation, a request starting or a request ending. */
    activity: (): void => {
      if (!cur) return
      cur.last = o.now()
      o.clear(handle)
      // continuous activity would keep postponing the check, so the cap is enforced here too
      if (cur.last - cur.start >= max) finish()
      else handle = o.timer(check, quiet)
    },
  }
})
