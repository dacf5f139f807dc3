import { benchOtlpIngest } from './otlpIngest.js'
import { benchSdkMainThread } from './sdkMainThread.js'
import { machine, writeResults } from './writeResults.js'

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits
const only = process.argv[2]

if (!only || only === 'otlp-ingest') {
  const host = machine()
  console.log('otlp-ingest: recording spans and driving the collector (about 45 s)…')
  const result = await benchOtlpIngest({ seconds: Number(process.env.BENCH_SECONDS ?? 15) })
  const row = (label: string, r: typeof result.protobuf, ratio: number) =>
    `| ${label} | ${round(r.itemsPerSecond).toLocaleString('en')} | ${round(ratio, 2)} | ${round(r.latencyMs.p50, 1)} | ${round(r.latencyMs.p99, 1)} | ${round(r.peakRssMb)} | ${r.refused} |`
  writeResults(
    'otlp-ingest',
    { machine: host, ...result },
    `Measured ${host.date.slice(0, 10)} on ${host.cpus} × ${host.cpuModel}, Node ${host.node}, load average at start ${host.loadAverageAtStart.join(' / ')}.
Batches of ${result.spansPerBatch} spans (10 attributes, 2 events each), ${result.concurrency} concurrent keep-alive connections, ${Number(process.env.BENCH_SECONDS ?? 15)} s per encoding after a warm-up.

| encoding | spans/s end to end | ÷ raw appender | p50 ms | p99 ms | peak RSS MB | 503s |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${row('OTLP protobuf', result.protobuf, result.ratioProtobuf)}
${row('OTLP JSON', result.json, result.ratioJson)}

Raw DuckDB appender, same rows, no HTTP: ${round(result.rawAppender.rowsPerSecond).toLocaleString('en')} rows/s (${result.rawAppender.rows.toLocaleString('en')} rows in ${round(result.rawAppender.seconds, 1)} s).`,
  )
  console.log(JSON.stringify(result, null, 2))
}

if (!only || only === 'sdk-main-thread') {
  const host = machine()
  console.log('sdk-main-thread: loading the fixture page with and without the SDK (about 20 s)…')
  const result = await benchSdkMainThread({ runs: Number(process.env.BENCH_RUNS ?? 15) })
  const ms = (value: number) => round(value, 1)
  writeResults(
    'sdk-main-thread',
    { machine: host, ...result },
    `Measured ${host.date.slice(0, 10)} on ${host.cpus} × ${host.cpuModel}, Chromium ${result.browserVersion}, load average at start ${host.loadAverageAtStart.join(' / ')}, median of ${result.runs} loads of each page, alternating.

| page | main-thread tasks ms | of which script ms |
| --- | ---: | ---: |
| fixture page without the SDK | ${ms(result.withoutSdk.taskMs)} | ${ms(result.withoutSdk.scriptMs)} |
| same page with the SDK (core entry) | ${ms(result.withSdk.taskMs)} | ${ms(result.withSdk.scriptMs)} |
| **added by the SDK** | **${ms(result.addedTaskMs)}** | **${ms(result.addedScriptMs)}** |`,
  )
  console.log(JSON.stringify(result, null, 2))
}
