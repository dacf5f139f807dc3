import { type ChildProcess, spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CollectorProcess, repoRoot, startCollector, tempDataDir } from '../support/collectorProcess.js'

const registerPath = resolve(repoRoot, 'sdk-node/dist/register.js')
const appPath = resolve(repoRoot, 'test/fixtures/node-app/app.mjs')

interface ApiSpan {
  traceId: string
  spanId: string
  parentSpanId: string
  name: string
  kind: string
  serviceName: string
  attributes: Record<string, unknown>
  resource: { attributes: Record<string, unknown> }
}

interface Service {
  url: string
  child: ChildProcess
}

/** Starts the fixture Fastify app as `service` with the SDK loaded through `--import`, as the demo does. */
const startService = async (collectorUrl: string, service: string, env: Record<string, string> = {}) => {
  const child = spawn(process.execPath, ['--import', registerPath, appPath], {
    env: {
      ...process.env,
      VIGIL_ENDPOINT: collectorUrl,
      VIGIL_SERVICE: service,
      VIGIL_VERSION: '2.0.1',
      VIGIL_ENVIRONMENT: 'e2e',
      VIGIL_HOST_NAME: `${service}-host`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening (http:\/\/\S+)/.exec(output)
      if (match) resolveUrl(match[1]!)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${service} exited with ${code}:\n${output}`)))
  })
  return { url, child }
}

const stopService = async (service: Service | undefined) => {
  if (!service || service.child.exitCode !== null || service.child.signalCode !== null) return
  const exited = new Promise((resolveExit) => service.child.once('exit', resolveExit))
  service.child.kill('SIGTERM')
  await exited
}

const randomHex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('')

describe('sdk-node against the collector process', () => {
  const data = tempDataDir()
  let collector: CollectorProcess
  let shop: Service | undefined
  let payments: Service | undefined

  beforeAll(async () => {
    collector = await startCollector({ dataDir: data.dir })
    payments = await startService(collector.url, 'payments')
    shop = await startService(collector.url, 'shop', { DOWNSTREAM_URL: payments.url })
  })
  afterAll(async () => {
    await stopService(shop)
    await stopService(payments)
    await collector?.stop()
    data.remove()
  })

  it('stores the server, outgoing client and downstream server spans with journey, step and session', async () => {
    const traceId = randomHex(16)
    const browserSpanId = randomHex(8)
    const response = await fetch(`${shop!.url}/checkout`, {
      headers: {
        traceparent: `00-${traceId}-${browserSpanId}-01`,
        baggage: 'journey.name=checkout,journey.step=payment,session.id=s1',
      },
    })
    expect(await response.json()).toEqual({ downstream: 200, body: { paid: true } })

    const isServer = (span: ApiSpan, service: string) =>
      span.kind === 'Server' && span.serviceName === service
    let spans: ApiSpan[] = []
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline) {
      const answer = await fetch(`${collector.url}/api/traces/${traceId}`)
      spans = answer.status === 200 ? ((await answer.json()) as { spans: ApiSpan[] }).spans : []
      if (spans.some((span) => isServer(span, 'payments')) && spans.some((span) => isServer(span, 'shop')))
        break
      await new Promise((resolveWait) => setTimeout(resolveWait, 200))
    }

    const byId = new Map(spans.map((span) => [span.spanId, span]))
    const shopServer = spans.find((span) => isServer(span, 'shop'))
    const paymentsServer = spans.find((span) => isServer(span, 'payments'))
    expect(
      shopServer,
      JSON.stringify(spans.map(({ name, kind, serviceName }) => ({ name, kind, serviceName }))),
    ).toBeDefined()
    expect(paymentsServer).toBeDefined()
    expect(shopServer!.parentSpanId).toBe(browserSpanId)

    // The downstream server's parent is the shop's outgoing fetch, which sits under the shop's server span.
    const client = byId.get(paymentsServer!.parentSpanId)
    expect(client).toMatchObject({ kind: 'Client', serviceName: 'shop' })
    const ancestors: string[] = []
    for (let at = client; at; at = byId.get(at.parentSpanId)) ancestors.push(at.spanId)
    expect(ancestors).toContain(shopServer!.spanId)

    for (const span of spans) {
      expect(span.traceId).toBe(traceId)
      expect(span.attributes, `${span.serviceName} ${span.name}`).toMatchObject({
        'journey.name': 'checkout',
        'journey.step': 'payment',
        'session.id': 's1',
      })
    }
    expect(shopServer!.resource.attributes).toMatchObject({
      'service.name': 'shop',
      'service.version': '2.0.1',
      'deployment.environment': 'e2e',
      'host.name': 'shop-host',
    })
    expect(shopServer!.resource.attributes['service.instance.id']).toEqual(expect.any(String))
    expect(shopServer!.resource.attributes['process.pid']).toBe(shop!.child.pid)
    expect(paymentsServer!.resource.attributes['host.name']).toBe('payments-host')
  })
})

/** A loopback port that nothing listens on right now. */
const freePort = async (): Promise<number> => {
  const { createServer } = await import('node:net')
  const server = createServer()
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen))
  const { port } = server.address() as { port: number }
  await new Promise((resolveClose) => server.close(resolveClose))
  return port
}

describe('sdk-node while the collector process is down', () => {
  const data = tempDataDir()
  let app: Service | undefined
  let collector: CollectorProcess | undefined
  afterAll(async () => {
    await stopService(app)
    await collector?.stop()
    data.remove()
  })

  it('keeps the app answering with the collector stopped, and new spans arrive once it is back', async () => {
    const port = await freePort()
    app = await startService(`http://127.0.0.1:${port}`, 'outage', { OTEL_EXPORTER_OTLP_TIMEOUT: '1000' })
    for (let i = 0; i < 200; i++) {
      const response = await fetch(`${app.url}/payments`)
      expect(response.status).toBe(200)
    }
    collector = await startCollector({ dataDir: data.dir, args: ['--port', String(port)] })
    const traceId = randomHex(16)
    await fetch(`${app.url}/payments`, { headers: { traceparent: `00-${traceId}-${randomHex(8)}-01` } })
    let stored = 0
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline && stored === 0) {
      const answer = await fetch(`${collector.url}/api/traces/${traceId}`)
      stored = answer.status === 200 ? ((await answer.json()) as { spans: unknown[] }).spans.length : 0
      if (stored === 0) await new Promise((resolveWait) => setTimeout(resolveWait, 250))
    }
    expect(stored).toBeGreaterThan(0)
  })
})
