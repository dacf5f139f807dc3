import duckdb from '@duckdb/node-api'
import type { RumBatch } from '@vigil/protocol'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFixtureSite } from '../../support/browserBundle.js'
import { launchChromium } from '../../support/browserLaunch.js'
import { type BrowserServer, type ForwardedRequest, startBrowserServer } from '../../support/browserServer.js'
import type {} from '../../support/browserWindow.js'
import { type CollectorProcess, startCollector, tempDataDir } from '../../support/collectorProcess.js'

/** A stored `rum_events` row with its column names lower-cased and without underscores. */
type Row = Record<string, unknown>

const readRows = async (dataDir: string): Promise<Row[]> => {
  const instance = await duckdb.DuckDBInstance.create(`${dataDir}/vigil.duckdb`)
  const connection = await instance.connect()
  try {
    const reader = await connection.runAndReadAll('SELECT * FROM rum_events')
    return (reader.getRowObjectsJson() as Row[]).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase().replaceAll('_', ''), v])),
    )
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

const batchOf = (request: ForwardedRequest): RumBatch | undefined =>
  request.path === '/rum/v1/events' ? (JSON.parse(request.body) as RumBatch) : undefined
const acked = (request: ForwardedRequest) => request.status >= 200 && request.status < 300
const eventsOf = (requests: ForwardedRequest[]) => requests.flatMap((r) => batchOf(r)?.events ?? [])
const sessionOf = (page: Page) => page.evaluate(() => window.vigil.getContext().sessionId ?? '')

/**
 * One collector and one browser for the file. Each test drives its own page and checks what
 * reached the collector; what must be *stored* is registered as a check on the `rum_events` rows,
 * run by the last test after a SIGTERM stop (the collector owns the DuckDB file while it runs).
 */
describe('browser SDK against the collector process', () => {
  const data = tempDataDir()
  let collector: CollectorProcess
  let server: BrowserServer
  let browser: Browser
  let site: { dir: string; remove(): void } | undefined
  const storedChecks: { name: string; check: (rows: Row[]) => void }[] = []
  const stored = (name: string, check: (rows: Row[]) => void) => storedChecks.push({ name, check })

  const open = async (
    init: Record<string, unknown> = {},
    path = '/',
  ): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext()
    await context.addInitScript((options) => {
      window.__vigil = { init: options }
    }, init)
    const page = await context.newPage()
    await page.goto(`${server.url}${path}`)
    await page.waitForFunction(() => 'vigil' in window)
    return { context, page }
  }

  beforeAll(async () => {
    const [built, started, chromium] = await Promise.all([
      buildFixtureSite(),
      startCollector({ dataDir: data.dir }),
      launchChromium(),
    ])
    site = built
    collector = started
    browser = chromium
    server = await startBrowserServer(built.dir, collector.url)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await collector?.stop()
    data.remove()
    site?.remove()
  })

  it('delivers vitals, a click, a layout shift, an error, a route and journeys; the final batch at close', async () => {
    const journeys = [
      {
        name: 'checkout',
        steps: [
          { name: 'cart', route: '/cart' },
          { name: 'payment', route: '/checkout/:step' },
          { name: 'confirmation', route: '/order/*' },
        ],
      },
    ]
    const { context, page } = await open({ journeys })
    const session = await sessionOf(page)
    await page.waitForFunction(() => window.observed.LCP !== undefined && window.observed.FCP !== undefined)
    await page.evaluate(() => window.fixture.shift())
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => setTimeout(done)))')
    await page.click('button.buy')
    // the action is sent once the page settles; waiting for it keeps the close from cutting it short
    await server.waitFor((r) => r.body.includes(session) && r.body.includes('"type":"action"'))
    await page.evaluate(() => window.fixture.fail())
    await page.evaluate(() => {
      window.fixture.route('/cart')
      window.fixture.route('/checkout/pay')
      window.fixture.route('/order/42')
      window.vigil.journey('login').step('form').fail('wrong password for jane@example.com')
      window.vigil.journey('search').step('results')
    })
    const observed = await page.evaluate(() => window.observed)
    await page.close({ runBeforeUnload: true })
    await context.close()

    // INP and CLS are reported when the page is hidden, so they prove the final batch arrived
    const final = await server.waitFor(
      (r) => acked(r) && /"name":"INP"/.test(r.body) && r.body.includes(session),
    )
    expect(batchOf(final)?.meta.session).toBe(session)
    const events = eventsOf(server.forwarded.filter((r) => batchOf(r)?.meta.session === session && acked(r)))
    expect(events.filter((e) => e.type === 'page_view').map((e) => e.type === 'page_view' && e.kind)).toEqual(
      ['navigation', 'route', 'route', 'route'],
    )

    stored('vitals equal what PerformanceObserver reported (±1 ms); INP with its target; CLS', (rows) => {
      const mine = rows.filter((r) => r.sessionid === session && r.type === 'web_vital')
      const latest = (name: string) => {
        const reports = mine.filter((r) => r.name === name)
        expect(reports.length, `${name} stored`).toBeGreaterThan(0)
        return reports.sort((a, b) => Number(a.clienttime) - Number(b.clienttime)).at(-1)!
      }
      for (const name of ['LCP', 'FCP', 'TTFB'] as const) {
        expect(Math.abs(Number(latest(name).value) - observed[name]!), name).toBeLessThanOrEqual(1)
      }
      const inp = latest('INP')
      expect(Number(inp.value)).toBeGreaterThanOrEqual(40)
      expect(String(inp.detail)).toContain('[data-vigil-name=\\"add-to-cart\\"]')
      expect(Number(latest('CLS').value)).toBeGreaterThan(0)
    })
    stored('the click as an action with its target', (rows) => {
      const clicks = rows.filter((r) => r.sessionid === session && r.type === 'action')
      expect(clicks.map((r) => String(r.detail) + String(r.name))).toEqual([
        expect.stringContaining('add-to-cart'),
      ])
    })
    stored('the thrown error with its stack', (rows) => {
      const [error, ...more] = rows.filter((r) => r.sessionid === session && r.type === 'error')
      expect(more).toEqual([])
      expect(error).toMatchObject({ name: 'TypeError', message: 'checkout exploded', status: 'unhandled' })
      const stack = (JSON.parse(String(error!.detail)) as { stack: { file?: string }[] }).stack
      expect(stack.length).toBeGreaterThan(0)
      expect(stack[0]!.file).toContain(server.url)
    })
    stored('the SPA route changes as page views', (rows) => {
      const views = rows.filter((r) => r.sessionid === session && r.type === 'page_view')
      expect(views.map((r) => r.path).sort()).toEqual(['/', '/cart', '/checkout/pay', '/order/42'])
    })
    stored('journeys complete, fail, and abandon when the page closes', (rows) => {
      const outcome = (journey: string) =>
        rows.filter((r) => r.sessionid === session && r.journey === journey && r.status !== 'started')
      expect(outcome('checkout')).toMatchObject([{ status: 'completed', step: 'confirmation' }])
      expect(outcome('login')).toMatchObject([{ status: 'failed', step: 'form' }])
      expect(String(outcome('login')[0]!.message ?? outcome('login')[0]!.detail)).not.toContain(
        'jane@example.com',
      )
      expect(outcome('search')).toMatchObject([{ status: 'abandoned', step: 'results' }])
      const steps = rows.filter(
        (r) => r.sessionid === session && r.journey === 'checkout' && r.status === 'started',
      )
      // The journey's own start (no step), then each step; reaching the last step is the completion above.
      expect(steps.map((r) => r.step ?? null).sort()).toEqual(['cart', 'payment', null].sort())
    })
  })

  it('delivers everything exactly once after going offline and back online', async () => {
    const { context, page } = await open()
    const session = await sessionOf(page)
    await context.setOffline(true)
    await page.evaluate(() => {
      for (let i = 0; i < 5; i++) window.vigil.track('offline', { i })
      window.vigil.flush()
    })
    // the SDK does not even try while offline: the batch waits in the persisted queue
    await page.waitForFunction(`(localStorage.getItem('vigil.queue.e2e-web') ?? '').includes('"offline"')`)
    await context.setOffline(false)
    await server.waitFor(
      (r) => acked(r) && batchOf(r)?.meta.session === session && r.body.includes('"offline"'),
    )
    await page.close({ runBeforeUnload: true })
    await context.close()
    stored('offline events stored once each', (rows) => {
      const mine = rows.filter((r) => r.sessionid === session && r.type === 'custom' && r.name === 'offline')
      expect(mine.length).toBe(5)
      expect(new Set(mine.map((r) => r.eventid)).size).toBe(5)
    })
  })

  it('retries a batch answered 503 and stores it once', async () => {
    const { context, page } = await open()
    const session = await sessionOf(page)
    await page.waitForLoadState('load')
    // let the page-load events through first, so the 503 falls on the batch this test makes
    await server.waitFor((r) => acked(r) && batchOf(r)?.meta.session === session)
    server.failNext(1, 503)
    await page.evaluate(() => {
      window.vigil.track('after-503')
      window.vigil.flush()
    })
    const refused = await server.waitFor((r) => r.status === 503 && r.body.includes('"after-503"'))
    await server.waitFor((r) => acked(r) && r.body.includes('"after-503"'))
    const ids = batchOf(refused)!.events.map((e) => e.id)
    await page.close({ runBeforeUnload: true })
    await context.close()
    stored('the retried batch is stored once', (rows) => {
      const mine = rows.filter((r) => r.sessionid === session && ids.includes(String(r.eventid)))
      expect(mine.map((r) => r.eventid).sort()).toEqual([...ids].sort())
    })
  })

  it('sends nothing while consent is pending', async () => {
    const { context, page } = await open({ consent: 'pending', app: 'e2e-consent' })
    const sent: string[] = []
    page.on('request', (r) => {
      if (r.url().includes('/vigil/')) sent.push(r.url())
    })
    await page.click('button.buy')
    await page.evaluate(() => {
      window.vigil.track('pending')
      window.vigil.journey('search').step('results')
      window.vigil.flush()
    })
    expect(await page.evaluate(() => window.vigil.getContext())).toEqual({})
    await page.close({ runBeforeUnload: true })
    // a marker page sent after the pending one closed: once it arrives, anything the pending page
    // had sent at its close would have arrived too
    const marker = await open({ app: 'e2e-marker' })
    await marker.page.evaluate(() => window.vigil.flush())
    await server.waitFor((r) => acked(r) && r.body.includes('"app":"e2e-marker"'))
    await marker.context.close()
    await context.close()
    expect(sent).toEqual([])
    expect(server.forwarded.filter((r) => r.body.includes('"app":"e2e-consent"'))).toEqual([])
  })

  it('records an error thrown before its deferred start, with the time it happened', async () => {
    const context = await browser.newContext()
    // thrown after the SDK's module script ran (init), before the load event (its deferred start);
    // a string because the test workspace has no DOM types
    await context.addInitScript(`
      window.__vigil = { init: { app: 'e2e-early' } }
      addEventListener('DOMContentLoaded', () => { throw new TypeError('early boom') })`)
    const page = await context.newPage()
    await page.goto(server.url)
    await page.waitForFunction(() => 'vigil' in window)
    const loadStart = await page.evaluate<number>(
      `Math.round(performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventStart)`,
    )
    await page.evaluate(() => window.vigil.flush())
    const request = await server.waitFor(
      (r) => acked(r) && r.body.includes('"app":"e2e-early"') && r.body.includes('early boom'),
    )
    await context.close()
    const events = batchOf(request)!.events
    const error = events.find((e) => e.type === 'error')
    const view = events.find((e) => e.type === 'page_view')
    expect(error).toMatchObject({ errorType: 'TypeError', message: 'early boom', handled: false })
    expect(error!.time).toBeLessThanOrEqual(loadStart)
    expect(error!.view).toBe(view?.view)
  })

  it('stored every acknowledged event and nothing twice', async () => {
    expect(await collector.stop('SIGTERM')).toBe(0)
    const rows = await readRows(data.dir)
    const ids = rows.map((r) => r.eventid)
    expect(new Set(ids).size).toBe(ids.length)
    const ackedIds = new Set(eventsOf(server.forwarded.filter(acked)).map((e) => e.id))
    expect(new Set(ids)).toEqual(ackedIds)
    const failures: string[] = []
    for (const { name, check } of storedChecks) {
      try {
        check(rows)
      } catch (e) {
        failures.push(`${name}: ${(e as Error).message}`)
      }
    }
    expect(failures).toEqual([])
  })
})
