import type { EndToEndResult, OtlpIngestResult } from './otlpIngest.js'
import { type machine, round } from './writeResults.js'

const thousands = (value: number) => round(value).toLocaleString('en')
const k = (value: number) => `${round(value / 1000, 1)} k`

const row = (label: string, median: EndToEndResult, all: readonly EndToEndResult[], ratio: number): string =>
  [
    label,
    thousands(median.itemsPerSecond),
    all.map((run) => k(run.itemsPerSecond)).join(', '),
    thousands(median.acknowledgedPerSecond),
    round(median.drainSeconds, 1),
    round(ratio, 2),
    round(median.latencyMs.p50, 1),
    round(median.latencyMs.p99, 1),
    round(Math.max(...all.map((run) => run.peakRssMb))),
    all.reduce((sum, run) => sum + run.refused, 0),
    round(median.cpuMicrosPerSpan.collector, 1),
    round(median.cpuMicrosPerSpan.loadGenerator, 1),
  ].join(' | ')

/** The `docs/benchmarks.md` section of one ingest benchmark run. */
export const otlpIngestMarkdown = (
  host: ReturnType<typeof machine>,
  result: OtlpIngestResult,
  seconds: number,
): string => `Measured ${host.date.slice(0, 10)} on ${host.cpus} × ${host.cpuModel}, Node ${host.node}, load average at start ${host.loadAverageAtStart.join(' / ')}.
Batches of ${result.spansPerBatch} spans (10 attributes, 2 events each), ${result.concurrency} concurrent keep-alive connections, ${result.runs.protobuf.length} rounds of ${seconds} s per encoding after a warm-up, the encodings alternating, a fresh collector for each run; the last row is JSON again with \`server.decodeThreads: 2\` (the default on this machine is 1). The figures are those of each encoding's median run (by stored rate), but for peak RSS (the highest of all runs) and 503s (all runs).

| encoding | spans/s end to end (stored), median run | stored, every run | spans/s acknowledged | drain s | ÷ raw appender | p50 ms | p99 ms | peak RSS MB, highest run | 503s | collector CPU µs/span | load generator CPU µs/span |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| ${row('OTLP protobuf', result.protobuf, result.runs.protobuf, result.ratioProtobuf)} |
| ${row('OTLP JSON', result.json, result.runs.json, result.ratioJson)} |
| ${row('OTLP JSON, 2 decoding threads', result.jsonTwoThreads, result.runs.jsonTwoThreads, result.ratioJsonTwoThreads)} |

Raw DuckDB appender, same rows, no HTTP: ${thousands(result.rawAppender.rowsPerSecond)} rows/s (${result.rawAppender.rows.toLocaleString('en')} rows in ${round(result.rawAppender.seconds, 1)} s).`
