import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import { decodeTraces, rawAppendBaseline, type SpanRow } from '@vigil/collector'
import { startCollector, tempDataDir } from '../support/collectorProcess.js'
import { type LoadResult, runLoad } from './loadGenerator.js'
import { realisticSpanBatches } from './realisticSpans.js'

export interface OtlpIngestResult {
  spansPerBatch: number
  concurrency: number
  /** The run of median stored rate, per encoding, out of `runs`. */
  protobuf: EndToEndResult
  json: EndToEndResult
  /** JSON again with two decoding threads (`server.decodeThreads: 2`), the trade of memory for JSON speed. */
  jsonTwoThreads: EndToEndResult
  /** Every run, in the order measured (the encodings alternate, each run on a fresh collector). */
  runs: { protobuf: EndToEndResult[]; json: EndToEndResult[]; jsonTwoThreads: EndToEndResult[] }
  rawAppender: { rows: number; seconds: number; rowsPerSecond: number }
  ratioProtobuf: number
  ratioJson: number
  ratioJsonTwoThreads: number
}

/**
 * One end-to-end run. `itemsPerSecond` counts a span once it is queryable: the accepted spans over the
 * load's duration plus `drainSeconds`, the time the collector then took to move what it had acknowledged but
 * not yet promoted into its tables (a read waits for that). `acknowledgedPerSecond` is the load alone. CPU is
 * microseconds per accepted span in each process, the drain included.
 */
export type EndToEndResult = LoadResult & {
  acknowledgedPerSecond: number
  drainSeconds: number
  peakRssMb: number
  cpuMicrosPerSpan: { collector: number; loadGenerator: number }
}

/** CPU time (user + system) a process has used, in microseconds, from `/proc` (clock ticks of 10 ms). */
const processCpuMicros = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  // After the command name: utime and stime are fields 14 and 15 of stat(5), i.e. 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) * 10_000
}

const ownCpuMicros = (): number => {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}

/** Peak resident set size of a process, from the kernel's high-water mark. */
const peakRssMb = (pid: number): number => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) / 1024 : Number.NaN
}

const endToEnd = async (
  bodies: { body: Uint8Array; items: number }[],
  contentType: string,
  seconds: number,
  concurrency: number,
  env: Record<string, string> = {},
): Promise<EndToEndResult> => {
  const data = tempDataDir()
  const collector = await startCollector({ dataDir: data.dir, env: { VIGIL_LOG_LEVEL: 'warn', ...env } })
  try {
    const url = `${collector.url}/v1/traces`
    await runLoad({ url, bodies, contentType, concurrency, seconds: Math.min(3, seconds) })
    const pid = collector.process.pid!
    const collectorBefore = processCpuMicros(pid)
    const ownBefore = ownCpuMicros()
    const result = await runLoad({ url, bodies, contentType, concurrency, seconds })
    const ownAfter = ownCpuMicros()
    // Any read of the tables waits until every acknowledged span is in them.
    const drainStarted = performance.now()
    const drained = await fetch(`${collector.url}/api/services`)
    if (!drained.ok) throw new Error(`GET /api/services answered ${drained.status}`)
    const drainSeconds = (performance.now() - drainStarted) / 1000
    const perSpan = (micros: number) => micros / Math.max(result.acceptedItems, 1)
    return {
      ...result,
      acknowledgedPerSecond: result.itemsPerSecond,
      itemsPerSecond: result.acceptedItems / (result.seconds + drainSeconds),
      drainSeconds,
      peakRssMb: peakRssMb(pid),
      cpuMicrosPerSpan: {
        collector: perSpan(processCpuMicros(pid) - collectorBefore),
        loadGenerator: perSpan(ownAfter - ownBefore),
      },
    }
  } finally {
    await collector.stop()
    data.remove()
  }
}

/** The run of median stored rate (the lower middle one for an even count). */
const medianRun = (runs: EndToEndResult[]): EndToEndResult =>
  [...runs].sort((a, b) => a.itemsPerSecond - b.itemsPerSecond)[(runs.length - 1) >> 1]!

/**
 * OTLP spans/s through HTTP into the collector process, protobuf and JSON, against the raw DuckDB appender rate
 * for the same rows measured in the same run.
 */
export const benchOtlpIngest = async ({
  seconds = 15,
  rounds = 3,
  concurrency = 8,
  batches = 40,
  spansPerBatch = 512,
} = {}): Promise<OtlpIngestResult> => {
  const spanBatches = await realisticSpanBatches(batches, spansPerBatch)
  const protoBodies = spanBatches.map((spans) => ({
    body: ProtobufTraceSerializer.serializeRequest(spans)!,
    items: spans.length,
  }))
  const jsonBodies = spanBatches.map((spans) => ({
    body: JsonTraceSerializer.serializeRequest(spans)!,
    items: spans.length,
  }))

  // Rounds alternate the encodings, so a burst of load from elsewhere on a shared machine falls on both, and the
  // median run of each is reported beside every run's figure.
  const runs: OtlpIngestResult['runs'] = { protobuf: [], json: [], jsonTwoThreads: [] }
  for (let round = 0; round < rounds; round++) {
    runs.protobuf.push(await endToEnd(protoBodies, 'application/x-protobuf', seconds, concurrency))
    runs.json.push(await endToEnd(jsonBodies, 'application/json', seconds, concurrency))
    runs.jsonTwoThreads.push(
      await endToEnd(jsonBodies, 'application/json', seconds, concurrency, { VIGIL_DECODE_THREADS: '2' }),
    )
  }
  const protobuf = medianRun(runs.protobuf)
  const json = medianRun(runs.json)
  const jsonTwoThreads = medianRun(runs.jsonTwoThreads)

  // The same rows the collector stored, appended straight into DuckDB: as many as the fastest run accepted.
  const target = Math.max(protobuf.acceptedItems, json.acceptedItems, jsonTwoThreads.acceptedItems, 100_000)
  const rows: SpanRow[] = []
  while (rows.length < target) {
    for (const { body } of protoBodies) rows.push(...decodeTraces(body, 'protobuf').rows)
  }
  const data = tempDataDir()
  const rawAppender = await rawAppendBaseline(join(data.dir, 'raw'), rows.slice(0, target))
  data.remove()
  return {
    spansPerBatch,
    concurrency,
    protobuf,
    json,
    jsonTwoThreads,
    runs,
    rawAppender,
    ratioProtobuf: protobuf.itemsPerSecond / rawAppender.rowsPerSecond,
    ratioJson: json.itemsPerSecond / rawAppender.rowsPerSecond,
    ratioJsonTwoThreads: jsonTwoThreads.itemsPerSecond / rawAppender.rowsPerSecond,
  }
}
