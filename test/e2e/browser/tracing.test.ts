import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFixtureSite } from '../../support/browserBundle.js'
import { launchChromium } from '../../support/browserLaunch.js'
import { type BrowserServer, startBrowserServer } from '../../support/browserServer.js'
import type {} from '../../support/browserWindow.js'
import {
  type CollectorProcess,
  repoRoot,
  startCollector,
  tempDataDir,
} from '../../support/collectorProcess.js'

interface ApiSpan {
  traceId: string
  spanId: string
  parentSpanId: string
  name: string
  kind: string
  serviceName: string
  attributes: Record<string, unknown>
}

interface Echo {
  traceparent: string | null
  baggage: string | null
}

/** Starts the fixture API under the Node SDK; resolves with its allowed and its other origin. */
const startApi = async (collectorUrl: string) => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      join(repoRoot, 'sdk-node/dist/register.js'),
      join(repoRoot, 'test/fixtures/browser/api.mjs'),
    ],
    {
      env: {
        ...process.env,
        VIGIL_ENDPOINT: collectorUrl,
        VIGIL_SERVICE: 'e2e-api',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const [allowed, other] = await new Promise<[string, string]>((resolveUrls, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening (\S+) (\S+)/.exec(output)
      if (match) resolveUrls([match[1]!, match[2]!])
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`api exited with ${code}:\n${output}`)))
  })
  return { child, allowed: allowed!, other: other! }
}

const stop = async (child: ChildProcess | undefined) => {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit))
  child.kill('SIGTERM')
  await exited
}

const pollTrace = async (collectorUrl: string, traceId: string, done: (spans: ApiSpan[]) => boolean) => {
  let spans: ApiSpan[] = []
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    const answer = await fetch(`${collectorUrl}/api/traces/${traceId}`)
    spans = answer.status === 200 ? ((await answer.json()) as { spans: ApiSpan[] }).spans : []
    if (done(spans)) break
    await new Promise((resolveWait) => setTimeout(resolveWait, 200))
  }
  return spans
}

describe('browser tracing entry against the collector and a traced API', () => {
  const data = tempDataDir()
  let collector: CollectorProcess
  let api: Awaited<ReturnType<typeof startApi>> | undefined
  let server: BrowserServer
  let browser: Browser
  let site: { dir: string; remove(): void } | undefined
  let page: Page

  beforeAll(async () => {
    const [built, started, chromium] = await Promise.all([
      buildFixtureSite(),
      startCollector({ dataDir: data.dir }),
      launchChromium(),
    ])
    site = built
    collector = started
    browser = chromium
    api = await startApi(collector.url)
    server = await startBrowserServer(built.dir, collector.url)
    page = await browser.newPage()
    await page.goto(server.url)
    await page.waitForFunction(() => 'startTracing' in window)
    await page.evaluate(async (allowed) => {
      await window.startTracing({
        endpoint: '/vigil',
        service: 'e2e-web',
        release: '3.1.0',
        propagateTo: [allowed],
      })
      window.vigil.journey('checkout').step('payment')
    }, api.allowed)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await stop(api?.child)
    await collector?.stop()
    data.remove()
    site?.remove()
  })

  it('sends traceparent and baggage to the configured origin and stores both spans in one trace', async () => {
    const echo = await page.evaluate(
      async (url) => (await fetch(`${url}/orders`)).json() as Promise<Echo>,
      `${api!.allowed}`,
    )
    const sessionId = await page.evaluate(() => window.vigil.getContext().sessionId)
    expect(sessionId).toEqual(expect.any(String))
    expect(echo.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
    expect(echo.baggage?.split(',').sort()).toEqual([
      'journey.name=checkout',
      'journey.step=payment',
      `session.id=${sessionId}`,
    ])
    const [, traceId, parentId] = echo.traceparent!.split('-')

    await page.evaluate(() => window.tracing?.flush())
    const spans = await pollTrace(
      collector.url,
      traceId!,
      (found) =>
        found.some((s) => s.serviceName === 'e2e-web') && found.some((s) => s.serviceName === 'e2e-api'),
    )
    const browserSpan = spans.find((s) => s.serviceName === 'e2e-web' && s.kind === 'Client')
    const apiSpan = spans.find((s) => s.serviceName === 'e2e-api' && s.kind === 'Server')
    expect(
      browserSpan,
      JSON.stringify(spans.map(({ name, kind, serviceName }) => ({ name, kind, serviceName }))),
    ).toBeDefined()
    expect(apiSpan).toBeDefined()
    expect(browserSpan!.traceId).toBe(apiSpan!.traceId)
    expect(apiSpan!.parentSpanId).toBe(browserSpan!.spanId)
    expect(browserSpan!.spanId).toBe(parentId)
    expect(browserSpan!.attributes).toMatchObject({
      'session.id': sessionId,
      'journey.name': 'checkout',
      'journey.step': 'payment',
    })
    // the Node SDK copies the browser's baggage onto the backend span
    expect(apiSpan!.attributes).toMatchObject({ 'session.id': sessionId, 'journey.name': 'checkout' })
  })

  it('sends neither header to an origin that is not configured', async () => {
    const echo = await page.evaluate(
      async (url) => (await fetch(`${url}/orders`)).json() as Promise<Echo>,
      api!.other,
    )
    expect(echo).toEqual({ traceparent: null, baggage: null })
  })

  it('keeps the span of a request answered just before the user leaves the page', async () => {
    const leaving = await browser.newPage()
    try {
      await leaving.goto(server.url)
      await leaving.waitForFunction(() => 'startTracing' in window)
      await leaving.evaluate(
        (allowed) => window.startTracing({ endpoint: '/vigil', service: 'e2e-web', propagateTo: [allowed] }),
        api!.allowed,
      )
      // "Pay": the app goes to its confirmation page as soon as the API answered (the test
      // workspace has no DOM types, hence a script tag)
      await leaving.addScriptTag({
        content: `
          const pay = document.createElement('button')
          pay.id = 'pay'
          pay.textContent = 'Pay'
          pay.addEventListener('click', async () => {
            await (await fetch(${JSON.stringify(`${api!.allowed}/pay`)}, { method: 'POST' })).json()
            location.href = '/plain.html'
          })
          document.body.append(pay)`,
      })
      const request = leaving.waitForRequest((r) => r.url().endsWith('/pay') && r.method() === 'POST')
      await leaving.click('#pay')
      const traceparent = (await request).headers().traceparent
      expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
      await leaving.waitForURL('**/plain.html')
      const [, traceId, parentId] = traceparent!.split('-')

      const spans = await pollTrace(
        collector.url,
        traceId!,
        (found) =>
          found.some((s) => s.serviceName === 'e2e-web') && found.some((s) => s.serviceName === 'e2e-api'),
      )
      const browserSpan = spans.find((s) => s.serviceName === 'e2e-web' && s.kind === 'Client')
      const apiSpan = spans.find((s) => s.serviceName === 'e2e-api' && s.kind === 'Server')
      expect(
        browserSpan,
        JSON.stringify(spans.map(({ name, kind, serviceName }) => ({ name, kind, serviceName }))),
      ).toBeDefined()
      expect(browserSpan!.spanId).toBe(parentId)
      expect(apiSpan?.parentSpanId).toBe(browserSpan!.spanId)
      expect(browserSpan!.attributes).toMatchObject({ 'http.response.status_code': 200 })
    } finally {
      await leaving.close()
    }
  })

  it('never traces its own exports or the RUM batches', async () => {
    const traced = server.forwarded.filter((r) => r.path === '/v1/traces')
    expect(traced.length).toBeGreaterThan(0)
    const names = traced.flatMap((r) => [...r.body.matchAll(/"name":"([^"]+)"/g)].map((m) => m[1]))
    const urls = traced.flatMap((r) => [...r.body.matchAll(/"stringValue":"(http[^"]+)"/g)].map((m) => m[1]))
    expect(names.length).toBeGreaterThan(0)
    expect(urls.filter((u) => u!.includes('/vigil/'))).toEqual([])
  })
})
