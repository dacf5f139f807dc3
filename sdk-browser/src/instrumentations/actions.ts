// biome-ignore-all lint/complexity/useArrowFunction: `(function …)` is V8's eager-compile hint (issue 3)
import { actionTracker } from '../actionTracker.js'
import { browserTimer, clearBrowserTimer } from '../browserTimer.js'
import type { Context } from '../context.js'
import { describeTarget } from '../describeTarget.js'

const INTERACTIVE =
  'a,button,input,select,textarea,label,summary,form,[role=button],[role=link],[data-vigil-name]'

/**
 * Clicks and form submissions with a safe target description and the time until network and DOM
 * settle. Counts page requests by wrapping `fetch` and `XMLHttpRequest#send`; the SDK's own
 * transport captured `fetch` before this runs, so its requests are never counted.
 */
// biome-ignore format: the parentheses ask V8 to compile this eagerly, off the main thread (issue 3)
export const actions = (function (ctx: Context): void {
  let inflight = 0
  const tracker = actionTracker({
    now: () => performance.now(),
    timer: browserTimer,
    clear: clearBrowserTimer,
    pending: () => inflight,
  })
  const bump = (d: number) => {
    inflight = Math.max(0, inflight + d)
    tracker.activity()
  }
  const f = globalThis.fetch
  if (f) {
    globalThis.fetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
      bump(1)
      const p = f.apply(this, args)
      const done = () => bump(-1)
      p.then(done, done)
      return p
    }
  }
  const xhr = globalThis.XMLHttpRequest?.prototype
  if (xhr) {
    const send = xhr.send
    xhr.send = function (this: XMLHttpRequest, ...args: Parameters<XMLHttpRequest['send']>) {
      bump(1)
      this.addEventListener('loadend', () => bump(-1), { once: true })
      return send.apply(this, args)
    }
  }
  // created at the first action: every interface a page has not used yet costs a little to set up
  let mutations: MutationObserver | undefined
  const follow = (action: 'click' | 'submit') => {
    return (ev: Event) => {
      const el = ev.target as Element | null
      const target = describeTarget(el?.closest?.(INTERACTIVE) ?? el)
      if (!target) return
      const view = ctx.view()
      const time = Math.round(performance.timeOrigin + ev.timeStamp)
      mutations ??= new MutationObserver(() => tracker.activity())
      mutations.observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
      tracker.start(ev.timeStamp, (duration) => {
        mutations?.disconnect()
        ctx.emit({ type: 'action', action, target, duration: Math.round(duration), view, time })
      })
    }
  }
  ctx.on(document, 'click', follow('click'), true)
  ctx.on(document, 'submit', follow('submit'), true)
})
