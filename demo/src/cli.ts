#!/usr/bin/env node
import { spawn } from 'node:child_process'

import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Command } from 'commander'
import { parseDurationMs } from './commands/parseDurationMs.js'
import { sendFault } from './commands/sendFault.js'
import { paths } from './paths.js'
import { readStackState } from './stack/StackState.js'
import { startStack } from './stack/startStack.js'
import { sendSynthetic } from './synthetic/sendSynthetic.js'
import { browserTraffic } from './traffic/browserTraffic.js'

const say = (line: string) => process.stdout.write(`${line}\n`)

// Each visit is one RUM request (a batch carries one session), about 20 RUM events and 5 spans; 300 a day
// keeps a month (~180k RUM events, ~47k spans) to about a minute and a half on two cores.
const BACKFILL_SESSIONS_PER_DAY = 300

const backfill = async (collector: string, days: number, seed: number, signal?: AbortSignal) => {
  const to = Date.now()
  const started = Date.now()
  say(`backfilling ${days} days of history into ${collector}`)
  const result = await sendSynthetic({
    collector,
    sessions: Math.round(days * BACKFILL_SESSIONS_PER_DAY),
    from: to - days * 86_400_000,
    to,
    seed,
    log: say,
    ...(signal ? { signal } : {}),
  })
  say(
    `backfill ${result.complete ? 'done' : 'interrupted'}: ${result.sessions} visits, ${result.rumEvents} RUM events, ` +
      `${result.spans} spans in ${((Date.now() - started) / 1000).toFixed(0)} s` +
      (result.failedRequests ? `, ${result.failedRequests} requests refused` : ''),
  )
  return result.complete && result.failedRequests === 0
}

const program = new Command('vigil-demo').description('The Vigil demo shop (docs/demo.md)')

program
  .command('start')
  .description('start the collector, the shop services and gentle live traffic; Ctrl-C stops everything')
  .option('--data <dir>', 'data directory', paths.defaultData)
  .option('--port <port>', 'collector port', '4318')
  .option('--shop-port <port>', 'shop port', '8080')
  .option('--collector <url>', 'use this running collector instead of starting one')
  .option('--no-traffic', 'no live Chromium traffic')
  .option('--no-backfill', 'never write the 30 days of history')
  .option('--no-demo', 'run the collector alone: no shop, no traffic, no history')
  .action(
    async (o: {
      data: string
      port: string
      shopPort: string
      collector?: string
      traffic: boolean
      backfill: boolean
      demo: boolean
    }) => {
      const dataDir = resolve(o.data)
      if (!o.demo) {
        // `npm start -- --no-demo`: the collector on its own, in the foreground, with the same data directory.
        const child = spawn(
          process.execPath,
          [paths.collectorCli, 'collector', '--data', dataDir, '--port', o.port],
          { stdio: 'inherit' },
        )
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
        child.once('exit', (code) => process.exit(code ?? 0))
        return
      }
      const stack = await startStack({
        dataDir,
        collectorPort: Number(o.port),
        shopPort: Number(o.shopPort),
        ...(o.collector ? { collectorUrl: o.collector } : {}),
        log: say,
      })
      const abort = new AbortController()
      let traffic: Promise<unknown> = Promise.resolve()
      let history: Promise<unknown> = Promise.resolve()
      let stopping = false
      const stop = async () => {
        if (stopping) return
        stopping = true
        say('stopping the demo…')
        abort.abort()
        await Promise.all([traffic, history])
        await stack.stop()
        say('stopped')
        process.exit(0)
      }
      process.on('SIGINT', () => void stop())
      process.on('SIGTERM', () => void stop())
      say('')
      say(`  shop:       ${stack.shop}/`)
      say(
        `  collector:  ${stack.collector}  (API docs ${stack.collector}/api/docs, services ${stack.collector}/api/services)`,
      )
      say(
        `  faults:     vigil demo fault catalog --error-rate 0.3 --latency 800ms --for 10m --data ${dataDir}`,
      )
      say('')
      // Live traffic starts at once, so journeys show within a minute; the history fills in beside it.
      traffic = o.traffic
        ? browserTraffic({ shop: stack.shop, users: 1, pauseMs: 8000, signal: abort.signal, log: say }).catch(
            (error: unknown) => {
              // On Ctrl-C Playwright closes Chromium itself; only an unexpected end is news.
              if (!abort.signal.aborted) say(`live traffic stopped: ${(error as Error).message}`)
            },
          )
        : Promise.resolve()
      const marker = join(dataDir, 'demo', 'backfilled')
      if (o.backfill && !existsSync(marker)) {
        history = backfill(stack.collector, 30, 30, abort.signal).then(
          (complete) => {
            // Only a complete history is marked: an interrupted one is written again on the next start.
            if (complete) writeFileSync(marker, `${new Date().toISOString()}\n`)
          },
          (error: unknown) => say(`backfill failed: ${(error as Error).message}`),
        )
      }
    },
  )

program
  .command('fault')
  .description('inject a fault into every instance of a service of the running demo')
  .argument('<service>', 'gateway, catalog, cart, payment or inventory')
  .option('--error-rate <ratio>', 'share of requests that fail, 0..1', '0')
  .option('--latency <duration>', 'latency added to every request, e.g. 800ms', '0ms')
  .option('--for <duration>', 'how long, e.g. 10m (0 clears the fault)', '10m')
  .option('--cpu-hog', 'burn one CPU core on the host while the fault lasts')
  .option('--host <host>', 'only the instance on this host (demo-host-a, demo-host-b)')
  .option('--data <dir>', 'data directory of the running demo', paths.defaultData)
  .action(
    async (
      service: string,
      o: { errorRate: string; latency: string; for: string; cpuHog?: boolean; host?: string; data: string },
    ) => {
      const errorRate = Number(o.errorRate)
      if (!(errorRate >= 0 && errorRate <= 1)) {
        throw new Error(`--error-rate must be a share in [0, 1], e.g. 0.3 (got "${o.errorRate}")`)
      }
      const results = await sendFault(
        readStackState(resolve(o.data)),
        service,
        {
          errorRate,
          latencyMs: parseDurationMs(o.latency),
          forMs: parseDurationMs(o.for),
          cpuHog: o.cpuHog ?? false,
        },
        o.host,
      )
      for (const r of results) say(`${service}@${r.host} (${r.url}): ${r.status} ${JSON.stringify(r.body)}`)
      if (results.some((r) => r.status !== 200)) process.exitCode = 1
    },
  )

program
  .command('traffic')
  .description('drive traffic: real Chromium users, or --events N synthetic events at full speed')
  .option('--users <n>', 'concurrent Chromium users', '1')
  .option('--journeys <n>', 'stop after this many journeys')
  .option('--events <n>', 'synthetic mode: about this many RUM events (plus spans), no browser')
  .option('--seed <n>', 'PRNG seed of the synthetic mode', '1')
  .option('--data <dir>', 'data directory of the running demo', paths.defaultData)
  .action(async (o: { users: string; journeys?: string; events?: string; seed: string; data: string }) => {
    const state = readStackState(resolve(o.data))
    if (o.events) {
      const now = Date.now()
      const result = await sendSynthetic({
        collector: state.collector,
        sessions: Math.ceil(Number(o.events) / 12),
        from: now - 3_600_000,
        to: now,
        seed: Number(o.seed),
        log: say,
      })
      say(JSON.stringify(result))
      return
    }
    const abort = new AbortController()
    process.once('SIGINT', () => abort.abort())
    const result = await browserTraffic({
      shop: state.shop,
      users: Number(o.users),
      pauseMs: 2000,
      ...(o.journeys ? { journeys: Number(o.journeys) } : {}),
      signal: abort.signal,
      log: say,
    })
    say(`${result.journeys} journeys, ${result.failures} failed to run`)
  })

program
  .command('backfill')
  .description('write history with past timestamps, e.g. `backfill 30d`')
  .argument('[period]', 'how far back', '30d')
  .option('--seed <n>', 'PRNG seed', '30')
  .option('--collector <url>', 'collector URL (default: the running demo’s)')
  .option('--data <dir>', 'data directory of the running demo', paths.defaultData)
  .action(async (period: string, o: { seed: string; collector?: string; data: string }) => {
    const collector = o.collector ?? readStackState(resolve(o.data)).collector
    await backfill(collector, parseDurationMs(period) / 86_400_000, Number(o.seed))
  })

try {
  await program.parseAsync(process.argv)
} catch (error) {
  process.stderr.write(`vigil demo: ${(error as Error).message}\n`)
  process.exitCode = 1
}
