import { type ExportResult, ExportResultCode } from '@opentelemetry/core'
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { BoundedBatchSpanProcessor } from './BoundedBatchSpanProcessor.js'

/** An exporter that holds every export until the test settles it, like a collector that does not answer. */
class HeldExporter implements SpanExporter {
  readonly held: { spans: ReadableSpan[]; done: (result: ExportResult) => void }[] = []

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.held.push({ spans, done })
  }

  settleAll(code: ExportResultCode): void {
    for (const { done } of this.held.splice(0)) done({ code })
  }

  shutdown(): Promise<void> {
    return Promise.resolve()
  }
}

const limits = {
  maxQueueSize: 10,
  maxExportBatchSize: 4,
  scheduledDelayMillis: 60_000,
  exportTimeoutMillis: 60_000,
}

const setup = (sampled = true) => {
  const exporter = new HeldExporter()
  const processor = new BoundedBatchSpanProcessor(exporter, limits)
  const provider = new BasicTracerProvider({
    spanProcessors: [processor],
    ...(sampled ? {} : { sampler: new AlwaysOffSampler() }),
  })
  const tracer = provider.getTracer('bounded-test')
  const endSpans = (count: number) => {
    for (let i = 0; i < count; i++) tracer.startSpan(`span ${i}`).end()
  }
  return { exporter, processor, endSpans }
}

describe('BoundedBatchSpanProcessor', () => {
  it('holds at most maxQueueSize spans while exports hang, and counts the rest as dropped', async () => {
    const { exporter, processor, endSpans } = setup()
    endSpans(25)
    await Promise.resolve()
    const heldSpans = exporter.held.reduce((sum, { spans }) => sum + spans.length, 0)
    expect(processor.stats()).toEqual({ exported: 0, queueFull: 15, exportFailed: 0, pending: 10 })
    expect(heldSpans).toBeLessThanOrEqual(limits.maxQueueSize)
  })

  it('counts failed exports and frees the budget for new spans', async () => {
    const { exporter, processor, endSpans } = setup()
    endSpans(10)
    const flushed = processor.forceFlush().catch(() => undefined)
    exporter.settleAll(ExportResultCode.FAILED)
    await flushed
    expect(processor.stats()).toMatchObject({ exportFailed: 10, pending: 0, queueFull: 0 })

    endSpans(6)
    const again = processor.forceFlush()
    exporter.settleAll(ExportResultCode.SUCCESS)
    await again
    expect(processor.stats()).toEqual({ exported: 6, queueFull: 0, exportFailed: 10, pending: 0 })
  })

  it('ignores spans that were not sampled', () => {
    const { processor, endSpans } = setup(false)
    endSpans(50)
    expect(processor.stats()).toEqual({ exported: 0, queueFull: 0, exportFailed: 0, pending: 0 })
  })
})
