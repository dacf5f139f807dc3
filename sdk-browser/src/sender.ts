import type { RumBatch } from '@vigil/protocol'
import type { Transport } from './BeaconTransport.js'
import { retryPolicy } from './retryPolicy.js'
import type { Timer } from './types.js'

/** Chrome and the Fetch spec allow 64 KiB of keepalive bodies in flight; keep a margin for headers. */
export const KEEPALIVE_BUDGET = 65_536 - 1024

/** What the sender needs from the persisted queue. */
export interface BatchQueue {
  head(): RumBatch | undefined
  all(): readonly RumBatch[]
  remove(batch: RumBatch): void
}

/** Options of {@link sender}. */
export interface SenderOptions {
  queue: BatchQueue
  transport: Transport
  now: () => number
  random: () => number
  timer: Timer
  online: () => boolean
}

const utf8Length = (s: string): number => new TextEncoder().encode(s).length

/**
 * Drains the queue one batch at a time, oldest first, retrying per {@link retryPolicy}. A batch
 * leaves the queue only when the collector acknowledged it or it can never succeed, so delivery is
 * at least once; the collector dedupes by event id. `sentAt` is stamped on every attempt so that
 * the collector's clock-skew correction stays right for retries.
 */
export const sender = (o: SenderOptions) => {
  let inflight: RumBatch | undefined
  let waiting = false
  let attempt = 0
  const stamp = (b: RumBatch): string => JSON.stringify({ ...b, meta: { ...b.meta, sentAt: o.now() } })

  const pump = async (): Promise<void> => {
    if (inflight || waiting) return
    for (let b = o.queue.head(); b && o.online(); b = o.queue.head()) {
      inflight = b
      const r = await o.transport.send(stamp(b))
      inflight = undefined
      const delay = retryPolicy(r.status, attempt, r.retryAfter, o.now(), o.random())
      if (delay === undefined) {
        attempt = 0
        o.queue.remove(b)
      } else {
        attempt++
        waiting = true
        o.timer(() => {
          waiting = false
          void pump()
        }, delay)
        return
      }
    }
  }

  /** Hands what fits into the keepalive budget to the browser; the rest stays for the next load. */
  const unload = (): void => {
    let budget = KEEPALIVE_BUDGET
    for (const b of [...o.queue.all()]) {
      if (b === inflight) continue
      const body = stamp(b)
      const size = utf8Length(body)
      if (size > budget || !o.transport.beacon(body)) break
      budget -= size
      o.queue.remove(b)
    }
  }

  /** Back online: retry now rather than after the backoff. */
  const wake = (): void => {
    waiting = false
    attempt = 0
    void pump()
  }

  return { pump, unload, wake }
}
