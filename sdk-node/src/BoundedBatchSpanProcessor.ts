import { type Context, diag, TraceFlags } from '@opentelemetry/api'
import { type ExportResult, ExportResultCode } from '@opentelemetry/core'
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base'

/** Limits of a {@link BoundedBatchSpanProcessor}. */
export interface BoundedBatchOptions {
  /** Spans held at once, queued or in an export still running; further spans are dropped and counted. */
  maxQueueSize: number
  /** Spans per export request. */
  maxExportBatchSize: number
  /** Delay between scheduled exports, in ms. */
  scheduledDelayMillis: number
  /** The exporter's own bound per export (retries included), in ms. */
  exportTimeoutMillis: number
}

/** What happened to the spans handed to the processor so far. */
export interface SpanExportStats {
  /** Spans the collector acknowledged. */
  exported: number
  /** Spans dropped on arrival because the budget was full (the collector was down or slow). */
  queueFull: number
  /** Spans whose export failed after the exporter's retries. */
  exportFailed: number
  /** Spans held right now: queued or in an export that has not finished. */
  pending: number
}

/**
 * OTel's `BatchSpanProcessor` behind a span budget that also counts outcomes. The batch processor bounds its queue
 * but stops waiting for an export after its own timeout while the exporter may still hold the batch, and it does
 * not expose how many spans it dropped. Here every sampled span is admitted against one budget that is released
 * only when the exporter reports the span's outcome, so queued plus in-flight spans never exceed `maxQueueSize`
 * and every lost span is counted.
 */
export class BoundedBatchSpanProcessor implements SpanProcessor {
  readonly #batch: BatchSpanProcessor
  readonly #limit: number
  #pending = 0
  #exported = 0
  #queueFull = 0
  #exportFailed = 0
  #lostSinceWarning = 0

  constructor(exporter: SpanExporter, options: BoundedBatchOptions) {
    this.#limit = options.maxQueueSize
    const counting: SpanExporter = {
      export: (spans, done) =>
        exporter.export(spans, (result: ExportResult) => {
          this.#settle(spans.length, result.code === ExportResultCode.SUCCESS)
          done(result)
        }),
      shutdown: () => exporter.shutdown(),
      forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
    }
    this.#batch = new BatchSpanProcessor(counting, {
      maxQueueSize: options.maxQueueSize,
      maxExportBatchSize: Math.min(options.maxExportBatchSize, options.maxQueueSize),
      scheduledDelayMillis: options.scheduledDelayMillis,
      // Longer than the exporter's bound, so the batch processor never abandons an export the exporter still holds.
      exportTimeoutMillis: options.exportTimeoutMillis + 1000,
    })
  }

  /** A snapshot of the counters. */
  stats(): SpanExportStats {
    return {
      exported: this.#exported,
      queueFull: this.#queueFull,
      exportFailed: this.#exportFailed,
      pending: this.#pending,
    }
  }

  onStart(span: Span, parentContext: Context): void {
    this.#batch.onStart(span, parentContext)
  }

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return
    if (this.#pending >= this.#limit) {
      this.#queueFull++
      this.#noteLoss(1)
      return
    }
    this.#pending++
    this.#batch.onEnd(span)
  }

  forceFlush(): Promise<void> {
    return this.#batch.forceFlush()
  }

  shutdown(): Promise<void> {
    return this.#batch.shutdown()
  }

  #settle(count: number, ok: boolean): void {
    this.#pending = Math.max(0, this.#pending - count)
    if (ok) {
      this.#exported += count
      if (this.#lostSinceWarning > 0) {
        diag.warn(`Vigil SDK: collector reachable again; ${this.#lostSinceWarning} spans were lost meanwhile`)
        this.#lostSinceWarning = 0
      }
      return
    }
    this.#exportFailed += count
    this.#noteLoss(count)
  }

  #noteLoss(count: number): void {
    if (this.#lostSinceWarning === 0) diag.warn('Vigil SDK: collector unreachable or slow; dropping spans')
    this.#lostSinceWarning += count
  }
}
