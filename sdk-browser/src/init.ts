// biome-ignore-all lint/complexity/useArrowFunction: `(function …)` is V8's eager-compile hint (issue 3)
import type { RumBatch, RumEvent, RumMeta } from '@vigil/protocol'
import { afterLoad } from './afterLoad.js'
import { BeaconTransport } from './BeaconTransport.js'
import { batcher } from './batcher.js'
import { browserTimer, clearBrowserTimer } from './browserTimer.js'
import { makeConfig, type VigilConfig } from './config.js'
import { consent } from './consent.js'
import type { Context } from './context.js'
import { guard } from './guard.js'
import { hub } from './hub.js'
import { actions } from './instrumentations/actions.js'
import { errors } from './instrumentations/errors.js'
import { loaf } from './instrumentations/loaf.js'
import { resources } from './instrumentations/resources.js'
import { routes } from './instrumentations/routes.js'
import { vitals } from './instrumentations/vitals.js'
import { journeys } from './journey.js'
import { logger } from './logger.js'
import { newId } from './newId.js'
import { persistedQueue } from './persistedQueue.js'
import { type PipelineItem, pipeline } from './pipeline.js'
import { scrubUrl } from './scrubUrl.js'
import { PROTOCOL_VERSION, sdkInfo } from './sdkInfo.js'
import { sender } from './sender.js'
import { session } from './session.js'
import { traceFields } from './traceLink.js'
import type { EventInput, KV } from './types.js'

const localStore = (): KV | undefined => {
  try {
    return localStorage
  } catch {
    return undefined
  }
}

/** An event a listener of `init` held until the SDK started, with its target and epoch ms. */
type Held = [EventTarget, Event, number]

/**
 * Starts the SDK for real: sets the hub's client and answers what a hiding page must run at once.
 * The rest is what `init` noted: the `fetch` it found, when it ran (the navigation page view's
 * time), the page's URL then, and the events it held since.
 */
// biome-ignore format: the parentheses ask V8 to compile this eagerly, off the main thread (issue 3)
const start = (function (
  user: VigilConfig,
  fetchFn: typeof fetch,
  at: number,
  href: string,
  held: Held[],
): ((final: boolean) => void) {
  const cfg = makeConfig(user)
  logger.debug = cfg.debug
  cfg.url = new URL(cfg.url, href).href
  // captured by init, before the actions instrumentation wraps fetch, so our requests are never counted
  const transport = BeaconTransport(cfg.url, fetchFn)
  const now = Date.now
  const allow = cfg.scrub?.allowParams ?? []
  const scrub = (url: string) => scrubUrl(url, allow)
  const store = () => (gate.state() === 'granted' ? localStore() : undefined)

  const sess = session({
    now,
    random: Math.random,
    sampleRate: cfg.sampleRate,
    store,
  })
  const queue = persistedQueue<RumBatch>({
    key: `vigil.queue.${cfg.app}`,
    maxItems: 50,
    maxBytes: 1_000_000,
    store,
  })
  const send = sender({
    queue,
    transport,
    now,
    random: Math.random,
    timer: browserTimer,
    online: () => navigator.onLine,
  })
  const meta = (s: string): RumMeta => ({
    v: PROTOCOL_VERSION,
    app: cfg.app,
    key: cfg.key,
    release: cfg.release,
    environment: cfg.environment,
    session: s,
    sentAt: 0,
    sdk: sdkInfo,
    sampleRate: cfg.sampleRate,
  })
  let hiding = false
  const batch = batcher<PipelineItem>({
    maxItems: 100,
    maxBytes: 60_000,
    delayMs: cfg.flushInterval,
    timer: browserTimer,
    clear: clearBrowserTimer,
    flush: (items) => {
      if (gate.state() !== 'granted') return
      // a batch carries one session in its meta; split where the session rotated
      for (let i = 0; i < items.length; ) {
        const s = items[i]!.s
        const events: RumEvent[] = []
        while (items[i]?.s === s) events.push(items[i++]!.e)
        queue.push({ meta: meta(s), events })
      }
      if (!hiding) void send.pump()
    },
  })
  const gate = consent<PipelineItem>(cfg.consent, 200, batch.add)

  let view = newId()
  const loadView = view
  const push = pipeline({
    session: sess.current,
    sampleRate: cfg.sampleRate,
    view: () => view,
    now,
    beforeSend: cfg.beforeSend,
    push: gate.push,
  })
  let replayAt: number | undefined
  // Until local storage is first used, events wait here with their time and page view: completing
  // them reads the session from local storage, which costs a synchronous IPC during page load.
  let early: EventInput[] | undefined = []
  // the navigation page view names the document load's trace, an action the trace of the first
  // request it started; asked when the event is completed, so a trace recorded meanwhile counts
  const complete = (e: EventInput) => {
    const t = hub.traces
    const ids = guard(() =>
      e.type === 'page_view' && e.kind === 'navigation'
        ? t?.documentLoad()
        : e.type === 'action'
          ? t?.requestIn(e.time ?? 0, (e.time ?? 0) + e.duration)
          : undefined,
    )()
    push({ ...e, ...traceFields(ids) })
  }
  const emit = guard((e: EventInput) => {
    jr.abandon(now())
    if (!early) complete(e)
    else if (early.length < 200) early.push({ view, ...e, time: e.time ?? replayAt ?? now() })
  })
  const jr = journeys({
    emit,
    now,
    timeoutMs: cfg.journeyTimeout,
    definitions: cfg.journeys,
  })

  // an instrumentation's listener also gets the events of its type init held, at their own time
  const on: Context['on'] = (target, type, fn, capture) => {
    const listener = guard(fn)
    target?.addEventListener(type, listener, capture)
    for (const [where, event, time] of held) {
      if (where !== target || event.type !== type) continue
      replayAt = time
      listener(event)
      replayAt = undefined
    }
  }
  const observe: Context['observe'] = (type, fn) => {
    try {
      if (!PerformanceObserver.supportedEntryTypes?.includes(type)) return false
      new PerformanceObserver(guard((list: PerformanceObserverEntryList) => fn(list.getEntries()))).observe({
        type,
        buffered: true,
      })
      return true
    } catch {
      return false
    }
  }
  const ctx: Context = { cfg, emit, scrub, on, observe, view: () => view, loadView }

  // the navigation's URL is the one init saw; a route's is the current one
  const pageView = (kind: 'navigation' | 'route', where: URL | Location) => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
    const { referrer } = document
    emit({
      type: 'page_view',
      kind,
      url: scrub(where.href),
      ...(kind === 'navigation'
        ? { navigationType: nav?.type, ...(referrer ? { referrer: scrub(referrer) } : {}), time: at }
        : {}),
    })
    jr.route(where.pathname)
  }

  const loaded = new URL(href)
  pageView('navigation', loaded)
  let flushResources = () => {}
  const routeCheck = routes(
    ctx,
    () => {
      flushResources()
      view = newId()
      pageView('route', location)
    },
    loaded.pathname + loaded.search,
  )
  const report = errors(ctx)
  // actions wrap fetch and listen for clicks now; clicks init held are replayed to them
  guard(actions)(ctx)

  const hide = guard((final: boolean) => {
    ready()
    hiding = true
    flushResources()
    if (final) jr.abandon()
    batch.flush()
    send.unload()
    hiding = false
  })
  on(window, 'online', send.wake)

  const setConsent = (state: typeof cfg.consent) => {
    ready()
    const was = gate.state()
    gate.set(state)
    if (state === 'denied') {
      queue.clear()
      sess.forget()
    } else if (state === 'granted' && was !== 'granted') {
      queue.restore()
      sess.current()
      void send.pump()
    }
  }
  // The observers start once the page has loaded and the main thread is idle; they are buffered,
  // so they still see every entry since navigation start.
  let observing = false
  const observeAll = guard(() => {
    if (observing) return
    observing = true
    flushResources = resources(ctx)
    for (const instrument of [vitals, loaf]) guard(instrument)(ctx)
  })
  // Local storage (session, persisted queue) waits until the first batch is due: its first use
  // is a synchronous IPC to the browser process, the costliest step of the SDK's start-up.
  const ready = guard(() => {
    observeAll()
    if (!early) return
    const held = early
    early = undefined
    if (gate.state() === 'granted') queue.restore()
    for (const e of held) complete(e)
    if (gate.state() === 'granted') void send.pump()
  })
  afterLoad(() => {
    observeAll()
    browserTimer(ready, cfg.flushInterval)
  })
  // a route change while init waited counts once the held events are in
  routeCheck()

  hub.client = {
    journey: jr.start,
    track: (name, attributes) => emit({ type: 'custom', name, ...(attributes ? { attributes } : {}) }),
    measure: (name, value, unit) => emit({ type: 'measure', name, value, ...(unit ? { unit } : {}) }),
    captureError: (error) => report(error, true),
    setConsent,
    flush: () => {
      ready()
      batch.flush()
    },
    context: () => {
      if (gate.state() !== 'granted') return {}
      const s = sess.current()
      return { sessionId: s.id, ...jr.current() }
    },
  }
  return hide
})

/**
 * Starts the SDK: web vitals, page views, errors, user actions, long frames, resources and
 * journeys, sent in batches to `{endpoint}/rum/v1/events`. Call once, as early as possible.
 * Never throws; problems are logged when `debug` is set.
 *
 * `init` itself only notes the page's URL, keeps `fetch` and adds a few listeners that hold
 * errors, clicks and submissions; the SDK starts in an idle callback after the load event (or at
 * once when the app calls the API or the page is hidden first), so that it costs the page's own
 * loading next to nothing. Held events are replayed to the instrumentations with their own time.
 */
// biome-ignore format: the parentheses ask V8 to compile this eagerly, off the main thread (issue 3)
export const init = (function (config: VigilConfig): void {
  guard((function () {
    if (hub.client || hub.boot) {
      logger.warn('init called twice')
      return
    }
    const held: Held[] = []
    // once started, the instrumentations' own listeners take over and these hold nothing
    const hold = (event: Event) => {
      if (hub.boot && held.length < 100) held.push([event.currentTarget as EventTarget, event, Date.now()])
    }
    // the page-level events the instrumentations listen to, with their capture flag
    const HELD: [EventTarget, string, boolean?][] = [
      [window, 'error'],
      [window, 'unhandledrejection'],
      [document, 'click', true],
      [document, 'submit', true],
    ]
    for (const [target, type, capture] of HELD) target.addEventListener(type, hold, capture)
    const args = [config, fetch.bind(globalThis), Date.now(), location.href, held] as const
    let hide: ((final: boolean) => void) | undefined
    // the app calling the API (see api.ts) starts the SDK at once
    const boot = () => {
      hub.boot = undefined
      hide = guard(start)(...args)
      held.length = 0
      return hub.client
    }
    hub.boot = boot
    const hiding = (final: boolean) => {
      hub.boot?.()
      hide?.(final)
    }
    document.addEventListener(
      'visibilitychange',
      () => document.visibilityState === 'hidden' && hiding(false),
    )
    addEventListener('pagehide', () => hiding(true))
    afterLoad(() => hub.boot?.())
  }))()
})
