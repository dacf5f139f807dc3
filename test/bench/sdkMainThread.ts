import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { buildFixtureSite } from '../support/browserBundle.js'
import { launchChromium } from '../support/browserLaunch.js'
import { startBrowserServer } from '../support/browserServer.js'
import { repoRoot } from '../support/collectorProcess.js'

/** Main-thread time of one page load, from Chrome's own counters (ms). */
interface LoadCost {
  taskMs: number
  scriptMs: number
}

/** Result of {@link benchSdkMainThread}: medians over `runs` loads of each page. */
export interface SdkMainThreadResult {
  runs: number
  browserVersion: string
  withoutSdk: LoadCost
  withSdk: LoadCost
  /** The reference: the same page with only the web-vitals library the SDK builds on. */
  withWebVitalsAlone: LoadCost
  /** Main-thread task time the SDK adds to a page load: median with minus median without. */
  addedTaskMs: number
  addedScriptMs: number
  /** What web-vitals alone adds, measured the same way. */
  webVitalsAlone: { addedTaskMs: number; addedScriptMs: number }
  /** The same, from navigation until the network is idle and an idle callback ran (the SDK's deferred start included). */
  settled: { withoutSdk: LoadCost; withSdk: LoadCost; addedTaskMs: number; addedScriptMs: number }
}

/** The pages loaded: without the SDK, with it, and with web-vitals alone. */
const pages = { plain: 'plain.html', sdk: 'index.html', vitals: 'vitals.html' } as const
type Variant = keyof typeof pages
const variants = Object.keys(pages) as Variant[]

/** The SDK's default `flushInterval` (ms); the first batch leaves this long after the first event. */
const DEFAULT_FLUSH_INTERVAL = 5000

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Loads the fixture page with the SDK (`index.html`) and the same page without it (`plain.html`)
 * alternately in one browser, each in a fresh context (cold caches, as on a first visit), and
 * reads Chrome's `TaskDuration` and `ScriptDuration` counters (DevTools protocol
 * `Performance.getMetrics`) before the navigation, once the page has loaded and its LCP is known
 * (the issue's measure: main-thread time the SDK adds during page load), and again once the
 * network is idle and an idle callback ran, which includes the work the SDK defers until after
 * load. The SDK runs with its default options (the first batch leaves 5 s after the first event,
 * after both windows). A third page (`vitals.html`) registers only web-vitals' five metrics, with the
 * SDK's options and, like the SDK, in an idle callback after the load event: the reference for what the
 * library itself costs, so that the SDK's own share is the difference.
 */
export const benchSdkMainThread = async ({ runs = 15 } = {}): Promise<SdkMainThreadResult> => {
  // the SDK as published: its build's last step (after `tsc -b`) marks functions for eager
  // compilation; idempotent, so running it on a finished build changes nothing
  execFileSync(process.execPath, [join(repoRoot, 'sdk-browser/scripts/hint-dist.mjs')], { stdio: 'ignore' })
  const site = await buildFixtureSite()
  const server = await startBrowserServer(site.dir)
  const browser = await launchChromium()
  const browserVersion = browser.version()
  const costs: Record<Variant, LoadCost[]> = { plain: [], sdk: [], vitals: [] }
  const settledCosts: Record<Variant, LoadCost[]> = { plain: [], sdk: [], vitals: [] }
  try {
    const load = async (variant: Variant) => {
      const context = await browser.newContext()
      const page = await context.newPage()
      // the fixture app passes `flushInterval: 100` for the e2e tests; measure what an app gets
      // by default instead. Both pages get the same init script, so its cost cancels out.
      await page.addInitScript(`window.__vigil = { init: { flushInterval: ${DEFAULT_FLUSH_INTERVAL} } }`)
      const cdp = await context.newCDPSession(page)
      await cdp.send('Performance.enable')
      const read = async () => {
        const { metrics } = await cdp.send('Performance.getMetrics')
        const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000
        return { taskMs: value('TaskDuration'), scriptMs: value('ScriptDuration') }
      }
      const before = await read()
      await page.goto(`${server.url}/${pages[variant]}`, {
        waitUntil: 'load',
      })
      await page.waitForFunction('window.observed.LCP !== undefined')
      const loaded = await read()
      await page.waitForLoadState('networkidle')
      await page.evaluate('new Promise((done) => requestIdleCallback(done))')
      const settled = await read()
      await context.close()
      const diff = (after: LoadCost) => ({
        taskMs: after.taskMs - before.taskMs,
        scriptMs: after.scriptMs - before.scriptMs,
      })
      return { loaded: diff(loaded), settled: diff(settled) }
    }
    // one warm-up load of each, so disk and compile caches are equally warm for all
    for (const variant of variants) await load(variant)
    for (let i = 0; i < runs; i++) {
      // each page goes first, second and third in turn
      const order = variants.map((_, k) => variants[(i + k) % variants.length]!)
      for (const variant of order) {
        const cost = await load(variant)
        costs[variant].push(cost.loaded)
        settledCosts[variant].push(cost.settled)
      }
    }
  } finally {
    await browser.close()
    await server.close()
    site.remove()
  }
  const summary = (list: LoadCost[]): LoadCost => ({
    taskMs: median(list.map((c) => c.taskMs)),
    scriptMs: median(list.map((c) => c.scriptMs)),
  })
  const withoutSdk = summary(costs.plain)
  const withSdk = summary(costs.sdk)
  const withWebVitalsAlone = summary(costs.vitals)
  const settledWithout = summary(settledCosts.plain)
  const settledWith = summary(settledCosts.sdk)
  return {
    runs,
    browserVersion,
    withoutSdk,
    withSdk,
    withWebVitalsAlone,
    addedTaskMs: withSdk.taskMs - withoutSdk.taskMs,
    addedScriptMs: withSdk.scriptMs - withoutSdk.scriptMs,
    webVitalsAlone: {
      addedTaskMs: withWebVitalsAlone.taskMs - withoutSdk.taskMs,
      addedScriptMs: withWebVitalsAlone.scriptMs - withoutSdk.scriptMs,
    },
    settled: {
      withoutSdk: settledWithout,
      withSdk: settledWith,
      addedTaskMs: settledWith.taskMs - settledWithout.taskMs,
      addedScriptMs: settledWith.scriptMs - settledWithout.scriptMs,
    },
  }
}
