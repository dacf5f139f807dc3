import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { QueueFullError } from '../storage/QueueFullError.js'
import { type DecodedForStorage, decodeForStorage } from './decodeForStorage.js'
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

/**
 * Runs the CPU-bound half of OTLP ingest (decode, limits, staging-line encoding) on one worker thread, so it
 * overlaps with HTTP parsing and DuckDB appends on the main thread instead of serialising with them. One worker:
 * on two cores the other core is busy with the main thread and DuckDB's own threads. Requests are answered in
 * order; a crashed worker fails its pending requests and is replaced on the next call.
 */
export class DecodeWorker {
  private worker: Worker | undefined
  private readonly pending = new Map<number, Pending>()
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
  }

  /** True when decoding happens on a worker thread. */
  usesWorker(): boolean {
    return !this.inline
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
    if (this.pending.size >= this.maxPending) return Promise.reject(new QueueFullError(1, this.pending.size))
    const worker = this.ensureWorker()
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
      this.pending.set(id, { resolve, reject })
      if (this.pending.size === 1) worker.ref()
      worker.postMessage(request, [owned.buffer as ArrayBuffer])
    })
  }

  /** Stops the worker; requests still pending are rejected. */
  async close(): Promise<void> {
    this.closed = true
    const worker = this.worker
    this.worker = undefined
    this.failAll(new Error('the decoding worker was closed'))
    if (worker !== undefined) await worker.terminate()
  }

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker
    const worker = new Worker(this.script, {
      resourceLimits: { maxYoungGenerationSizeMb: this.youngGenerationMb },
    })
    worker.unref()
    worker.on('message', (reply: DecodeReply) => this.settle(reply))
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined
      this.failAll(error)
    }
    worker.on('error', lost)
    worker.on('exit', (code) => lost(new Error(`the decoding worker exited with code ${code}`)))
    this.worker = worker
    return worker
  }

  private settle(reply: DecodeReply): void {
    const waiting = this.pending.get(reply.id)
    if (waiting === undefined) return
    this.pending.delete(reply.id)
    if (this.pending.size === 0) this.worker?.unref()
    if (reply.ok) waiting.resolve(reply.result)
    else waiting.reject(reply.invalid ? new OtlpDecodeError(reply.message) : new Error(reply.message))
  }

  private failAll(error: Error): void {
    const waiting = [...this.pending.values()]
    this.pending.clear()
    for (const { reject } of waiting) reject(error)
  }
}
