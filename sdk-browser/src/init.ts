import type { RumBatch, RumEvent, RumMeta } from '@vigil/protocol'
import { afterLoad } from './afterLoad.js'
import { BeaconTransport } from './BeaconTransport.js'
import { batcher } from './batcher.js'
import { browserTimer } from './browserTimer.js'
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
import { maskMessage } from './maskMessage.js'
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

const start = (user: VigilConfig): void => {
  if (hub.client) {
    logger.warn('init called twice')
    return
  }
  const cfg = makeConfig(user)
  logger.debug = cfg.debug
  cfg.url = new URL(cfg.url, location.href).href
  // captured before the actions instrumentation wraps fetch, so our requests are never counted
  const transport = BeaconTransport(cfg.url, fetch.bind(globalThis))
  const now = Date.now
  const allow = cfg.scrub.allowParams ?? []
  const scrub = (url: string) => scrubUrl(url, allow)
  const store = () => (gate.state() === 'granted' ? localStore() : undefined)

  const sess = session({
    now,
    random: Math.random,
    sampleRate: cfg.sampleRate,
    idleMs: 900_000,
    maxMs: 14_400_000,
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
    clear: (h) => clearTimeout(h as number),
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
  // Until the deferred start ran, events wait here with their time and page view: completing
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
    else if (early.length < 200) early.push({ view, ...e, time: e.time ?? now() })
  })
  const jr = journeys({
    emit,
    now,
    timeoutMs: cfg.journeyTimeout,
    definitions: cfg.journeys,
    mask: maskMessage,
  })

  const on: Context['on'] = (target, type, fn, capture) => target?.addEventListener(type, guard(fn), capture)
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

  const pageView = (kind: 'navigation' | 'route') => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
    emit({
      type: 'page_view',
      kind,
      url: scrub(location.href),
      ...(kind === 'navigation'
        ? { navigationType: nav?.type, ...(document.referrer ? { referrer: scrub(document.referrer) } : {}) }
        : {}),
    })
    jr.route(location.pathname)
  }

  pageView('navigation')
  let flushResources = () => {}
  routes(ctx, () => {
    flushResources()
    view = newId()
    pageView('route')
  })
  const report = errors(ctx)
  // actions wrap fetch and listen for clicks now, so that early requests and clicks count
  guard(actions)(ctx)

  const hide = guard((final: boolean) => {
    boot()
    hiding = true
    flushResources()
    if (final) jr.abandon()
    batch.flush()
    send.unload()
    hiding = false
  })
  on(document, 'visibilitychange', () => document.visibilityState === 'hidden' && hide(false))
  on(window, 'pagehide', () => hide(true))
  on(window, 'online', send.wake)

  const setConsent = (state: typeof cfg.consent) => {
    boot()
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
  const boot = guard(() => {
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
    browserTimer(boot, cfg.flushInterval)
  })

  hub.client = {
    journey: jr.start,
    track: (name, attributes) => emit({ type: 'custom', name, ...(attributes ? { attributes } : {}) }),
    measure: (name, value, unit) => emit({ type: 'measure', name, value, ...(unit ? { unit } : {}) }),
    captureError: (error) => report(error, true),
    setConsent,
    flush: () => {
      boot()
      batch.flush()
    },
    context: () => {
      if (gate.state() !== 'granted') return {}
      const s = sess.current()
      return { sessionId: s.id, ...jr.current() }
    },
  }
}

/**
 * Starts the SDK: web vitals, page views, errors, user actions, long frames, resources and
 * journeys, sent in batches to `{endpoint}/rum/v1/events`. Call once, as early as possible.
 * Never throws; problems are logged when `debug` is set.
 */
export const init = (config: VigilConfig): void => {
  guard(start)(config)
}
