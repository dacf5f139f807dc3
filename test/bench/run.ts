import { benchOtlpIngest } from './otlpIngest.js'
import { otlpIngestMarkdown } from './otlpIngestMarkdown.js'
import { benchSdkMainThread } from './sdkMainThread.js'
import { benchSloQueries } from './sloQueries.js'
import { machine, round, writeResults } from './writeResults.js'

const only = process.argv[2]

if (!only || only === 'otlp-ingest') {
  const host = machine()
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
  const seconds = Number(process.env.BENCH_SECONDS ?? 15)
  console.log(
    `otlp-ingest: recording spans and driving the collector (${rounds} rounds, about ${rounds * 65 + 40} s)…`,
  )
  const result = await benchOtlpIngest({ seconds, rounds })
  writeResults('otlp-ingest', { machine: host, ...result }, otlpIngestMarkdown(host, result, seconds))
  console.log(JSON.stringify(result, null, 2))
}

if (!only || only === 'sdk-main-thread') {
  const host = machine()
  console.log(
    'sdk-main-thread: loading the fixture page without the SDK, with it and with web-vitals alone (about 40 s)…',
  )
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
| **added by the SDK** | **${ms(result.addedTaskMs)}** | **${ms(result.addedScriptMs)}** |
| reference: same page with web-vitals alone | ${ms(result.withWebVitalsAlone.taskMs)} | ${ms(result.withWebVitalsAlone.scriptMs)} |
| added by web-vitals alone | ${ms(result.webVitalsAlone.addedTaskMs)} | ${ms(result.webVitalsAlone.addedScriptMs)} |`,
  )
  console.log(JSON.stringify(result, null, 2))
}

if (!only || only === 'slo-queries') {
  const host = machine()
  console.log('slo-queries: filling 10 M events of SLO rollups and timing the SLO queries (about 1 min)…')
  const result = await benchSloQueries({ events: Number(process.env.BENCH_SLO_EVENTS ?? 10_000_000) })
  const ms = (value: number) => round(value, 1)
  const row = (label: string, value: number, ratio: number, target: string) =>
    `| ${label} | ${ms(value)} | ${ratio} | ${target} |`
  writeResults(
    'slo-queries',
    { machine: host, ...result },
    `Measured ${host.date.slice(0, 10)} on ${host.cpus} × ${host.cpuModel}, Node ${host.node}, load average at start ${host.loadAverageAtStart.join(' / ')}.
${result.events.toLocaleString('en')} events rolled up for ${result.slos} SLOs over ${result.days} days: ${result.minuteRows.toLocaleString('en')} rows in \`slo_minutes\`, ${result.sliceRows.toLocaleString('en')} in \`slo_minute_slices\`; median of ${result.runs} runs after one warm-up.

| query | ms | ÷ baseline | issue target |
| --- | ---: | ---: | --- |
| baseline: \`SELECT sum(good), sum(total) FROM slo_minutes\` (every row) | ${ms(result.medianMs.baselineCount)} | 1 | |
${row("`GET /api/slos` (20 SLOs, the evaluation loop's latest results)", result.medianMs.getSlos, result.ratio.getSlos, '≤ 200 ms')}
${row('a full evaluation round: 20 SLOs at one instant, fresh from DuckDB', result.medianMs.statusAll, result.ratio.statusAll, '(every 30 s in the background)')}
${row(`30-day series, 1 h step (${result.seriesPoints} points)`, result.medianMs.series30d, result.ratio.series30d, '≤ 300 ms')}
${row('SLA report of a month, 20 SLOs', result.medianMs.slaMonth, result.ratio.slaMonth, '≤ 500 ms')}
${row('attribution by route, 30 days', result.medianMs.attribution30d, result.ratio.attribution30d, '')}

\`GET /api/slos\` serves the evaluation loop's latest round, which runs every 30 s off the request path. Calendar
occurrence SLOs are summed in DuckDB between a few boundary instants; the round's remaining cost is moving the rolling
and slice SLOs' minutes (30 days each) into JavaScript for \`evaluateSlo\` (docs/slo.md, "What a round reads").`,
  )
  console.log(JSON.stringify(result, null, 2))
}
