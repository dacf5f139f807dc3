// biome-ignore-all lint/complexity/useArrowFunction: `(function …)` is V8's eager-compile hint (issue 3)
import type { JourneyEvent } from '@vigil/protocol'
import { maskMessage } from './maskMessage.js'
import { matchRoute } from './matchRoute.js'
import { newId } from './newId.js'

/** A journey declared in configuration: its steps in order, each entered by a route pattern. */
export interface JourneyDefinition {
  name: string
  /** The first step starts the journey; reaching the last one completes it. */
  steps: { name: string; route: string }[]
}

/** A running journey, as `journey('checkout')` returns it. Calls after it ended do nothing. */
export interface JourneyHandle {
  readonly id: string
  readonly name: string
  /** Marks the start of a step; answers the handle so calls chain. */
  step(name: string): JourneyHandle
  complete(): void
  fail(reason?: string): void
}

type JourneyInput = Omit<JourneyEvent, 'id' | 'time' | 'view' | 'sampleRate'>

/** Options of {@link journeys}. */
export interface JourneyOptions {
  emit: (e: JourneyInput) => void
  now: () => number
  /** A journey with no step for this long is abandoned. */
  timeoutMs: number
  definitions?: readonly JourneyDefinition[]
}

interface Running {
  handle: JourneyHandle
  start: number
  last: number
  step?: string
}

/**
 * The journey state machine. One instance per journey name runs at a time: starting a journey
 * that is already running abandons the earlier one. `started` events mark the journey and each
 * step; exactly one of `completed`, `failed` or `abandoned` ends it.
 */
// biome-ignore format: the parentheses ask V8 to compile this eagerly, off the main thread (issue 3)
export const journeys = (function (o: JourneyOptions) {
  const running = new Map<string, Running>()
  let latest: Running | undefined

  const send = (r: Running, status: JourneyEvent['status'], duration: number, reason?: string) =>
    o.emit({
      type: 'journey',
      journey: r.handle.name,
      journeyId: r.handle.id,
      step: r.step,
      status,
      duration,
      ...(reason === undefined ? {} : { reason: maskMessage(reason) }),
    })

  const end = (r: Running, status: 'completed' | 'failed' | 'abandoned', reason?: string) => {
    if (running.get(r.handle.name) !== r) return
    running.delete(r.handle.name)
    if (latest === r) latest = undefined
    send(r, status, Math.max(0, (status === 'abandoned' ? r.last : o.now()) - r.start), reason)
  }

  const start = (name: string): JourneyHandle => {
    const previous = running.get(name)
    if (previous) end(previous, 'abandoned')
    const t = o.now()
    const handle: JourneyHandle = {
      id: newId(),
      name,
      step: (step) => {
        if (running.get(name) === r) {
          r.step = step
          r.last = o.now()
          latest = r
          send(r, 'started', r.last - r.start)
        }
        return handle
      },
      complete: () => end(r, 'completed'),
      fail: (reason) => end(r, 'failed', reason ?? ''),
    }
    const r: Running = { handle, start: t, last: t }
    running.set(name, r)
    latest = r
    send(r, 'started', 0)
    return handle
  }

  /** Drives declared journeys from the path of a page view. */
  const route = (path: string): void => {
    for (const def of o.definitions ?? []) {
      const i = def.steps.findIndex((s) => matchRoute(s.route, path))
      const step = def.steps[i]
      if (!step) continue
      const r = running.get(def.name)
      if (!r) {
        if (i === 0) start(def.name).step(step.name)
      } else if (i === def.steps.length - 1 && i > 0) {
        r.step = step.name
        end(r, 'completed')
      } else if (r.step !== step.name) r.handle.step(step.name)
    }
  }

  /** Abandons journeys idle longer than the timeout (`at` unset: all of them, as at pagehide). */
  const abandon = (at?: number): void => {
    for (const r of [...running.values()])
      if (at === undefined || at - r.last > o.timeoutMs) end(r, 'abandoned')
  }

  /** The journey and step most recently started, for baggage on backend calls. */
  const current = () => (latest ? { journey: latest.handle.name, step: latest.step } : undefined)

  return { start, route, abandon, current }
})
