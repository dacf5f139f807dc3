import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browserLaunch.js'
import { repoRoot, tempDataDir } from '../support/collectorProcess.js'

interface ApiSpan {
  traceId: string
  spanId: string
  parentSpanId: string
  name: string
  kind: string
  serviceName: string
  status: { code: string }
  attributes: Record<string, unknown>
  resource: { attributes: Record<string, unknown> }
}

interface Stack {
  collector: string
  shop: string
  services: Record<string, { url: string; host: string }[]>
  stop(): Promise<void>
}

// The demo is a user of the collector, never imported by it: the test loads its built stack module.
const demoDist = join(repoRoot, 'demo/dist')
const poll = async <T>(read: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T | undefined> => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await read()
    if (value !== undefined) return value
    await new Promise((r) => setTimeout(r, 250))
  }
  return undefined
}

describe('demo shop', () => {
  const data = tempDataDir()
  let stack: Stack
  let browser: Browser

  beforeAll(async () => {
    const { startStack } = (await import(join(demoDist, 'stack/startStack.js'))) as {
      startStack(o: object): Promise<Stack>
    }
    stack = await startStack({
      dataDir: data.dir,
      collectorPort: 0,
      shopPort: 0,
      serviceEnv: { OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_METRIC_EXPORT_INTERVAL: '2000' },
    })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.stop()
    data.remove()
  })

  it('declares its journeys and SLOs in a config that `vigil slo check` accepts', () => {
    const out = execFileSync(
      process.execPath,
      [
        join(repoRoot, 'collector/dist/cli.js'),
        'slo',
        'check',
        '--embedded',
        join(repoRoot, 'demo/config/vigil.yaml'),
      ],
      { encoding: 'utf8' },
    )
    for (const journey of ['login', 'search', 'checkout']) expect(out).toContain(`journey ${journey}`)
  })

  it('a click on Pay gives one trace: browser fetch, gateway, payment and a db span, all checkout/payment', async () => {
    const page = await browser.newPage()
    const exported: string[] = []
    page.on('request', (r) => {
      if (r.url().endsWith('/vigil/v1/traces')) exported.push(r.postData() ?? '')
    })
    await page.goto(`${stack.shop}/product/p-104`)
    await page.click('button[data-vigil-name=add-to-cart]')
    await page.waitForSelector('#view[data-ready="/cart"] button[data-vigil-name=checkout]')
    await page.click('button[data-vigil-name=checkout]')
    await page.click('button[data-vigil-name=to-payment]')
    const payResponse = page.waitForResponse((r) => r.url().endsWith('/api/pay'))
    await page.click('#pay')
    const traceparent = (await (await payResponse).request().allHeaders()).traceparent
    expect(traceparent, 'the tracing entry must put traceparent on /api/pay').toMatch(/^00-[0-9a-f]{32}-/)
    const traceId = traceparent!.split('-')[1]!
    // The fetch instrumentation ends its span a moment after the response (it waits for the resource
    // timing), so a page left at once would lose it: wait until the page has exported the Pay span.
    await expect.poll(() => exported.some((body) => body.includes(traceId)), { timeout: 20_000 }).toBe(true)
    await page.waitForSelector('#order')
    await page.close()

    const isServer = (s: ApiSpan, service: string) => s.kind === 'Server' && s.serviceName === service
    const spans = await poll(async () => {
      const r = await fetch(`${stack.collector}/api/traces/${traceId}`)
      if (r.status !== 200) return undefined
      const { spans: all } = (await r.json()) as { spans: ApiSpan[] }
      const complete =
        all.some((s) => s.serviceName === 'shop-web') &&
        all.some((s) => isServer(s, 'payment')) &&
        all.some((s) => s.attributes['db.system.name'] === 'duckdb' && s.serviceName === 'payment')
      return complete ? all : undefined
    })
    expect(spans, 'trace incomplete').toBeDefined()
    const byId = new Map(spans!.map((s) => [s.spanId, s]))
    const browserFetch = spans!.find((s) => s.serviceName === 'shop-web' && s.kind === 'Client')
    const gateway = spans!.find((s) => isServer(s, 'gateway'))
    const payment = spans!.find((s) => isServer(s, 'payment'))
    const db = spans!.find((s) => s.serviceName === 'payment' && s.attributes['db.system.name'] === 'duckdb')
    expect(browserFetch).toBeDefined()
    expect(gateway!.parentSpanId).toBe(browserFetch!.spanId)
    const ancestors = (span: ApiSpan) => {
      const ids: string[] = []
      for (let at = byId.get(span.parentSpanId); at; at = byId.get(at.parentSpanId)) ids.push(at.spanId)
      return ids
    }
    expect(ancestors(payment!)).toContain(gateway!.spanId)
    expect(ancestors(db!)).toContain(payment!.spanId)
    expect(db).toMatchObject({
      kind: 'Client',
      attributes: { 'db.query.text': expect.stringContaining('orders') },
    })
    for (const span of [browserFetch!, gateway!, payment!, db!]) {
      expect(span.attributes, `${span.serviceName} ${span.name}`).toMatchObject({
        'journey.name': 'checkout',
        'journey.step': 'payment',
      })
      expect(span.resource.attributes['service.name']).toBe(span.serviceName)
    }
  })

  it('runs catalog on two hosts, and a fault sets its stored error ratio to the injected rate', async () => {
    const from = new Date().toISOString()
    const rate = 0.3
    for (const { url } of stack.services.catalog!) {
      const r = await fetch(`${url}/__fault`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ errorRate: rate, latencyMs: 0, forMs: 120_000 }),
      })
      expect(r.status).toBe(200)
    }
    const requests = 300
    let failed = 0
    const traceIds: string[] = []
    for (let i = 0; i < requests; i += 10) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => {
          const traceId = crypto.randomUUID().replaceAll('-', '')
          traceIds.push(traceId)
          return fetch(`${stack.shop}/api/products?q=shoes`, {
            headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
          })
        }),
      )
      failed += answers.filter((a) => a.status >= 500).length
    }
    const catalog = await poll(async () => {
      const r = await fetch(`${stack.collector}/api/services?from=${encodeURIComponent(from)}`)
      const { services } = (await r.json()) as {
        services: { name?: string; service?: string; spanCount: number; errorRatio: number }[]
      }
      const row = services.find((s) => (s.name ?? s.service) === 'catalog')
      // Each request leaves 4 catalog spans (server, request, handler, db).
      return row && row.spanCount >= requests * 4 ? row : undefined
    })
    expect(catalog, 'catalog spans not stored').toBeDefined()
    // 4 standard deviations of a binomial share over 300 requests.
    const tolerance = 4 * Math.sqrt((rate * (1 - rate)) / requests)
    expect(Math.abs(failed / requests - rate)).toBeLessThan(tolerance)
    expect(Math.abs(catalog!.errorRatio - rate)).toBeLessThan(tolerance)

    const hosts = new Set<unknown>()
    for (const traceId of traceIds.slice(0, 6)) {
      const r = await fetch(`${stack.collector}/api/traces/${traceId}`)
      const { spans } = (await r.json()) as { spans: ApiSpan[] }
      for (const s of spans) if (s.serviceName === 'catalog') hosts.add(s.resource.attributes['host.name'])
    }
    expect([...hosts].sort()).toEqual(['demo-host-a', 'demo-host-b'])

    // The same two instances, through their metrics (which carry host.name), are two hosts in /api/infra.
    const infra = await poll(async () => {
      const r = await fetch(`${stack.collector}/api/infra?from=${encodeURIComponent(from)}`)
      const body = (await r.json()) as { hosts: { host: string; services: string[]; cpu: unknown }[] }
      const withCatalog = body.hosts.filter((h) => h.services.includes('catalog') && h.cpu !== null)
      return withCatalog.length === 2 ? withCatalog : undefined
    })
    expect(infra?.map((h) => h.host).sort()).toEqual(['demo-host-a', 'demo-host-b'])
  })

  it('`vigil demo fault` sets and clears a fault on the instances of the running stack', async () => {
    const vigil = (...args: string[]) =>
      execFileSync(process.execPath, [join(repoRoot, 'collector/dist/cli.js'), 'demo', ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    const faultOf = async (url: string) =>
      ((await (await fetch(`${url}/__fault`)).json()) as { fault: Record<string, unknown> | null }).fault
    const catalog = stack.services.catalog!
    const out = vigil(
      'fault',
      'catalog',
      '--error-rate',
      '0.3',
      '--latency',
      '800ms',
      '--for',
      '10m',
      '--data',
      data.dir,
    )
    for (const { url, host } of catalog) {
      expect(out).toContain(`catalog@${host}`)
      expect(await faultOf(url)).toMatchObject({
        errorRate: 0.3,
        latencyMs: 800,
        forMs: 600_000,
        cpuHog: false,
      })
    }
    vigil('fault', 'catalog', '--host', 'demo-host-b', '--for', '0', '--data', data.dir)
    const byHost = new Map(catalog.map((i) => [i.host, i.url]))
    expect(await faultOf(byHost.get('demo-host-b')!)).toBeNull()
    expect(await faultOf(byHost.get('demo-host-a')!)).toMatchObject({ latencyMs: 800 })
    vigil('fault', 'catalog', '--for', '0', '--data', data.dir)
    expect(await faultOf(byHost.get('demo-host-a')!)).toBeNull()
    expect(() => vigil('fault', 'catalog', '--error-rate', 'lots', '--data', data.dir)).toThrow(/error-rate/)
  })
})
