import type { RumEvent } from '@vigil/protocol'
import { newId } from './newId.js'
import type { SessionState } from './session.js'
import type { EventInput } from './types.js'

/** An event with the session it was recorded in; a batch is cut where the session changes. */
export interface PipelineItem {
  s: string
  e: RumEvent
}

/** Options of {@link pipeline}. */
export interface PipelineOptions {
  session: () => SessionState
  sampleRate: number
  view: () => string
  now: () => number
  beforeSend?: ((event: RumEvent) => RumEvent | null | undefined | false) | undefined
  /** Next stage: the consent gate. */
  push: (item: PipelineItem) => void
}

/**
 * Completes an event (id, time, page view, sample rate), drops it when the session is not sampled,
 * then gives `beforeSend` the last word: it may return the event edited, or a falsy value to drop it.
 * If `beforeSend` throws, the event is dropped: a broken privacy filter must not leak data.
 */
export const pipeline =
  (o: PipelineOptions) =>
  (e: EventInput): void => {
    const s = o.session()
    if (!s.sampled) return
    let ev: RumEvent | null | undefined | false = {
      view: o.view(),
      ...e,
      id: newId(),
      time: e.time ?? o.now(),
      sampleRate: o.sampleRate,
    } as RumEvent
    try {
      if (o.beforeSend) ev = o.beforeSend(ev)
    } catch {
      ev = null
    }
    if (ev) o.push({ s: s.id, e: ev })
  }
