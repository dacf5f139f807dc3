import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { QueueFullError } from '../storage/QueueFullError.js'
import { type DecodedForStorage, decodeForStorage } from './decodeForStorage.js'
import { decodeThreads } from './decodeThreads.js'
import type { OtlpSignal } from './encodeExportResponse.js'
import type { OtlpLimits } from './limits.js'
import { OtlpDecodeError } from './OtlpDecodeError.js'
import type { OtlpFormat } from './otlpFormat.js'

/** A message to the decoding worker. */
export interface DecodeRequest {
  id: number
  signal: OtlpSignal
  body: Uint8Array
  format: OtlpFormat
  limits: OtlpLimits
}

/** The worker's answer to one {@link DecodeRequest}. */
export type DecodeReply =
  | { id: number; ok: true; result: DecodedForStorage }
  | { id: number; ok: false; invalid: boolean; message: string }

export interface DecodeWorkerOptions {
  /** Worker threads decoding side by side (default {@link decodeThreads}). */
  threads?: number
  /** Requests decoding or waiting to be decoded beyond which `decode` refuses with `QueueFullError` (default 32). */
  maxPending?: number
  /**
   * Young-generation size of the worker's heap, MB (default 32). Decoding allocates many short-lived strings;
   * a larger nursery means fewer scavenges (96 MB measured faster but pushed the peak RSS up; see
   * docs/architecture.md, Storage).
   */
  youngGenerationMb?: number
  /** Decode on the calling thread instead of a worker (tests, or when the compiled worker script is absent). */
  inline?: boolean
  /** Path of the compiled worker entry (default: `decodeWorkerMain.js` beside this module). */
  script?: string
}

const defaultScript = fileURLToPath(new URL('./decodeWorkerMain.js', import.meta.url))

interface Pending {
  resolve: (result: DecodedForStorage) => void
  reject: (error: Error) => void
}

/** One worker thread of the pool and the requests it has been given. */
interface Slot {
  worker: Worker | undefined
  pending: Map<number, Pending>
}

/**
 * Runs the CPU-bound half of OTLP ingest (decode, limits, staging-line encoding) on worker threads, so it
 * overlaps with HTTP parsing and DuckDB appends on the main thread instead of serialising with them. A request
 * goes to the thread with the fewest requests in hand; each thread answers its own in order. A crashed worker
 * fails its own pending requests and is replaced on its next request.
 */
export class DecodeWorker {
  private readonly slots: Slot[]
  private nextId = 0
  private readonly maxPending: number
  private readonly youngGenerationMb: number
  private readonly inline: boolean
  private readonly script: string
  private closed = false

  constructor(options: DecodeWorkerOptions = {}) {
    this.maxPending = options.maxPending ?? 32
    this.youngGenerationMb = options.youngGenerationMb ?? 32
    // Running from TypeScript sources (Vitest) there is no compiled worker script next to this module.
    this.script = options.script ?? defaultScript
    this.inline = options.inline ?? !existsSync(this.script)
    const threads = options.threads ?? decodeThreads()
    if (!Number.isInteger(threads) || threads < 1)
      throw new RangeError(`threads must be a whole number >= 1, not ${threads}`)
    this.slots = Array.from({ length: threads }, () => ({ worker: undefined, pending: new Map() }))
  }

  /** True when decoding happens on worker threads. */
  usesWorker(): boolean {
    return !this.inline
  }

  /** Worker threads running now (they start on first use). */
  runningThreads(): number {
    return this.slots.filter((slot) => slot.worker !== undefined).length
  }

  /**
   * Decodes `body` and encodes its rows; rejects with `OtlpDecodeError` when the body is malformed.
   * `body` is handed over: when it spans its whole `ArrayBuffer`, that buffer moves to the worker thread and is
   * detached here, so the caller must not read it afterwards.
   */
  decode(
    signal: OtlpSignal,
    body: Uint8Array,
    format: OtlpFormat,
    limits: OtlpLimits,
  ): Promise<DecodedForStorage> {
    if (this.inline) {
      try {
        return Promise.resolve(decodeForStorage(signal, body, format, { ...limits }))
      } catch (error) {
        return Promise.reject(error)
      }
    }
    if (this.closed) return Promise.reject(new Error('the decoding worker is closed'))
    const pending = this.pendingCount()
    if (pending >= this.maxPending) return Promise.reject(new QueueFullError(1, pending))
    const slot = this.slots.reduce((least, candidate) =>
      candidate.pending.size < least.pending.size ? candidate : least,
    )
    const worker = this.ensureWorker(slot)
    const id = this.nextId++
    // The worker must own what it is sent. A body spanning its whole buffer (Fastify's, gunzip's) moves
    // without a copy (200 KB less to allocate and copy per request on this thread); a slice of a pooled
    // buffer is copied.
    const owned =
      body.byteOffset === 0 &&
      body.byteLength === body.buffer.byteLength &&
      body.buffer instanceof ArrayBuffer
        ? body
        : new Uint8Array(body)
    const request: DecodeRequest = { id, signal, body: owned, format, limits: { ...limits } }
    return new Promise<DecodedForStorage>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject })
      if (slot.pending.size === 1) worker.ref()
      worker.postMessage(request, [owned.buffer as ArrayBuffer])
    })
  }

  /** Stops the workers; requests still pending are rejected. */
  async close(): Promise<void> {
    this.closed = true
    const workers = this.slots.flatMap((slot) => {
      const { worker } = slot
      slot.worker = undefined
      this.failAll(slot, new Error('the decoding worker was closed'))
      return worker === undefined ? [] : [worker]
    })
    await Promise.all(workers.map((worker) => worker.terminate()))
  }

  private pendingCount(): number {
    let count = 0
    for (const slot of this.slots) count += slot.pending.size
    return count
  }

  private ensureWorker(slot: Slot): Worker {
    if (slot.worker !== undefined) return slot.worker
    const worker = new Worker(this.script, {
      resourceLimits: { maxYoungGenerationSizeMb: this.youngGenerationMb },
    })
    worker.unref()
    worker.on('message', (reply: DecodeReply) => this.settle(slot, reply))
    const lost = (error: Error) => {
      if (slot.worker !== worker) return
      slot.worker = undefined
      this.failAll(slot, error)
    }
    worker.on('error', lost)
    worker.on('exit', (code) => lost(new Error(`the decoding worker exited with code ${code}`)))
    slot.worker = worker
    return worker
  }

  private settle(slot: Slot, reply: DecodeReply): void {
    const waiting = slot.pending.get(reply.id)
    if (waiting === undefined) return
    slot.pending.delete(reply.id)
    if (slot.pending.size === 0) slot.worker?.unref()
    if (reply.ok) waiting.resolve(reply.result)
    else waiting.reject(reply.invalid ? new OtlpDecodeError(reply.message) : new Error(reply.message))
  }

  private failAll(slot: Slot, error: Error): void {
    const waiting = [...slot.pending.values()]
    slot.pending.clear()
    for (const { reject } of waiting) reject(error)
  }
}
