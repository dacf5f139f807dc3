import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { encodeBatch } from '../storage/encodeBatch.js'
import { DecodeWorker } from './DecodeWorker.js'
import { decodeTraces } from './decodeTraces.js'
import { defaultLimits } from './limits.js'
import { OtlpDecodeError } from './OtlpDecodeError.js'

const compiledScript = fileURLToPath(new URL('../../dist/otlp/decodeWorkerMain.js', import.meta.url))

const traceBody = (): Uint8Array => {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'cart', big: 2 ** 60 }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  })
  const tracer = provider.getTracer('t', '1')
  for (let i = 0; i < 5; i++) {
    const span = tracer.startSpan(`op ${i}`, { attributes: { i, text: 'x\u{1f600}', ok: i % 2 === 0 } })
    span.addEvent('e', { n: i })
    span.end()
  }
  return ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!
}

const behaves = (make: () => DecodeWorker) => async () => {
  const decoder = make()
  try {
    const body = traceBody()
    // decode() takes its body over (see the hand-over test): give it copies
    const decoded = await decoder.decode('traces', body.slice(), 'protobuf', defaultLimits)
    const direct = decodeTraces(body, 'protobuf')
    expect(decoded.rows).toBe(5)
    expect(decoded.rejected).toBe(0)
    expect(decoded.batch).toEqual(encodeBatch({ spans: direct.rows }))
    const limited = await decoder.decode('traces', body.slice(), 'protobuf', {
      ...defaultLimits,
      maxAttributes: 2,
    })
    expect(limited).toMatchObject({ rows: 0, rejected: 5 })
    expect(limited.errorMessage).toContain('attributes exceed the limit of 2')
    await expect(
      decoder.decode('traces', new Uint8Array([0x0a, 0xff]), 'protobuf', defaultLimits),
    ).rejects.toBeInstanceOf(OtlpDecodeError)
    await expect(
      decoder.decode('logs', new TextEncoder().encode('{"resourceLogs": 3}'), 'json', defaultLimits),
    ).rejects.toBeInstanceOf(OtlpDecodeError)
  } finally {
    await decoder.close()
  }
}

describe('DecodeWorker', () => {
  it('has its compiled worker script (npm test runs tsc -b first)', () =>
    expect(existsSync(compiledScript)).toBe(true))

  it(
    'decodes and encodes on the calling thread when inline',
    behaves(() => new DecodeWorker({ inline: true })),
  )

  it(
    'gives the same answers from a worker thread',
    behaves(() => {
      const decoder = new DecodeWorker({ script: compiledScript })
      expect(decoder.usesWorker()).toBe(true)
      return decoder
    }),
  )

  it('refuses beyond its pending limit and fails pending work on close', async () => {
    const decoder = new DecodeWorker({ script: compiledScript, maxPending: 2 })
    const body = traceBody()
    const decode = () => decoder.decode('traces', body.slice(), 'protobuf', defaultLimits)
    const first = decode()
    const second = decode()
    await expect(decode()).rejects.toThrow('queue is full')
    await Promise.all([first, second])
    const late = expect(decode()).rejects.toThrow('closed')
    await decoder.close()
    await late
  })

  it('hands a body spanning its own buffer to the worker without a copy, and copies a slice', async () => {
    const decoder = new DecodeWorker({ script: compiledScript })
    try {
      const body = traceBody()
      const whole = body.slice()
      expect(await decoder.decode('traces', whole, 'protobuf', defaultLimits)).toMatchObject({ rows: 5 })
      expect(whole.byteLength).toBe(0) // detached: it moved to the worker
      const pooled = new Uint8Array(body.byteLength + 16)
      pooled.set(body, 8)
      const slice = pooled.subarray(8, 8 + body.byteLength)
      expect(await decoder.decode('traces', slice, 'protobuf', defaultLimits)).toMatchObject({ rows: 5 })
      expect(slice.byteLength).toBe(body.byteLength)
      expect(Buffer.from(slice).equals(Buffer.from(body))).toBe(true)
    } finally {
      await decoder.close()
    }
  })
})

describe('DecodeWorker with several threads', () => {
  it('spreads requests over its threads, each answering as one thread does', async () => {
    const decoder = new DecodeWorker({ script: compiledScript, threads: 2 })
    try {
      const body = traceBody()
      const expected = encodeBatch({ spans: decodeTraces(body, 'protobuf').rows })
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => decoder.decode('traces', body.slice(), 'protobuf', defaultLimits)),
      )
      expect(decoder.runningThreads()).toBe(2)
      for (const answer of answers) expect(answer.batch).toEqual(expected)
      await expect(
        decoder.decode('traces', new Uint8Array([0x0a, 0xff]), 'protobuf', defaultLimits),
      ).rejects.toBeInstanceOf(OtlpDecodeError)
    } finally {
      await decoder.close()
    }
  })

  it('starts a thread only when a request finds the others busy', async () => {
    const decoder = new DecodeWorker({ script: compiledScript, threads: 3 })
    try {
      const body = traceBody()
      for (let i = 0; i < 3; i++) await decoder.decode('traces', body.slice(), 'protobuf', defaultLimits)
      expect(decoder.runningThreads()).toBe(1)
    } finally {
      await decoder.close()
    }
  })

  it('refuses a thread count that is not a whole number of at least one', () => {
    expect(() => new DecodeWorker({ threads: 0 })).toThrow(RangeError)
    expect(() => new DecodeWorker({ threads: 1.5 })).toThrow(RangeError)
  })
})
