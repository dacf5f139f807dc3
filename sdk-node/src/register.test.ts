import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

// These tests start a real app in a child process with `node --import dist/register.js`, as users do, so they
// need the compiled package (`npx tsc -b`).
const registerPath = fileURLToPath(new URL('../dist/register.js', import.meta.url))
const fixturePath = fileURLToPath(new URL('./fixtures/httpApp.mjs', import.meta.url))

interface Captured {
  path: string
  contentType: string | undefined
  authorization: string | undefined
  body: Buffer
}

/** A stand-in collector: records every request; in `blackhole` mode it reads requests and never answers. */
const captureServer = async (port = 0) => {
  const requests: Captured[] = []
  const state = { mode: 'answer' as 'answer' | 'blackhole' }
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      if (state.mode === 'blackhole') return
      requests.push({
        path: request.url ?? '',
        contentType: request.headers['content-type'],
        authorization: request.headers.authorization,
        body: Buffer.concat(chunks),
      })
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    state,
    requests,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodiesOf: (path: string) => requests.filter((request) => request.path === path).map(({ body }) => body),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const freePort = async (): Promise<number> => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

interface App {
  url: string
  child: ChildProcess
  output(): string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const running: App[] = []

const startApp = async (env: Record<string, string>): Promise<App> => {
  const child = spawn(process.execPath, ['--expose-gc', '--import', registerPath, fixturePath], {
    env: { ...process.env, FIXTURE_REGISTER_URL: pathToFileURL(registerPath).href, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening (\d+)/.exec(output)
      if (match) resolve(`http://127.0.0.1:${match[1]}`)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`app exited with ${code}:\n${output}`)))
  })
  const app = { url, child, output: () => output, exited }
  running.push(app)
  return app
}

const until = async (what: string, check: () => boolean, timeoutMillis = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMillis
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Sends `count` requests, `concurrency` at a time; returns the slowest latency. Every answer must be 200 "ok". */
const drive = async (url: string, count: number, concurrency = 16): Promise<number> => {
  let next = 0
  let slowest = 0
  const worker = async () => {
    while (next < count) {
      next++
      const began = performance.now()
      const response = await fetch(url)
      expect(response.status).toBe(200)
      expect(await response.text()).toBe('ok')
      slowest = Math.max(slowest, performance.now() - began)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return slowest
}

interface Stats {
  heapUsed: number
  spans: { exported: number; queueFull: number; exportFailed: number; pending: number }
}
const stats = async (app: App): Promise<Stats> => (await (await fetch(`${app.url}/stats`)).json()) as Stats

const fast = { OTEL_BSP_SCHEDULE_DELAY: '50', OTEL_METRIC_EXPORT_INTERVAL: '300' }

beforeAll(() => {
  if (!existsSync(registerPath)) throw new Error(`${registerPath} is missing: run \`npx tsc -b\` first`)
})

afterEach(async () => {
  for (const app of running.splice(0)) {
    if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL')
    await app.exited
  }
})

describe('node --import @vigil/sdk-node/register', () => {
  it('exports traces with journey baggage and runtime, host and SDK metrics as OTLP protobuf with the key', async () => {
    const collector = await captureServer()
    try {
      const app = await startApp({
        ...fast,
        VIGIL_ENDPOINT: collector.url,
        VIGIL_KEY: 'secret-key',
        VIGIL_SERVICE: 'fixture-svc',
        VIGIL_HOST_NAME: 'fixture-host-a',
      })
      const response = await fetch(
        `${app.url}/call?url=${encodeURIComponent(`${app.url}/work?marker=wiring`)}`,
        {
          headers: { baggage: 'journey.name=checkout,journey.step=payment,session.id=s1' },
        },
      )
      expect(await response.text()).toBe('downstream 200 ok')

      const has = (path: string, text: string) => collector.bodiesOf(path).some((body) => body.includes(text))
      await until('spans of the request', () => has('/v1/traces', 'marker=wiring'))
      const metricNames = [
        'nodejs.eventloop.delay.p99',
        'v8js.memory.heap.used',
        'system.cpu.utilization',
        'system.memory.utilization',
        'process.cpu.utilization',
        'system.filesystem.utilization',
        'vigil.sdk.span.dropped',
      ]
      await until('runtime, host and SDK metrics', () =>
        metricNames.every((name) => has('/v1/metrics', name)),
      )

      for (const text of ['checkout', 'payment', 'fixture-svc', 'fixture-host-a', 'service.instance.id']) {
        expect(has('/v1/traces', text), text).toBe(true)
      }
      expect(collector.requests.length).toBeGreaterThan(1)
      for (const request of collector.requests) {
        expect(request.contentType).toBe('application/x-protobuf')
        expect(request.authorization).toBe('Bearer secret-key')
      }
      expect(collector.requests.some(({ path }) => path === '/v1/logs')).toBe(false)
    } finally {
      await collector.close()
    }
  })

  it('exports logs when VIGIL_LOGS=1', async () => {
    const collector = await captureServer()
    try {
      const app = await startApp({ ...fast, VIGIL_ENDPOINT: collector.url, VIGIL_KEY: 'k2', VIGIL_LOGS: '1' })
      expect(await (await fetch(`${app.url}/log?marker=logs-opted-in`)).text()).toBe('ok')
      await until('the log record', () =>
        collector.bodiesOf('/v1/logs').some((body) => body.includes('log logs-opted-in')),
      )
      const logRequest = collector.requests.find(({ path }) => path === '/v1/logs')!
      expect(logRequest.contentType).toBe('application/x-protobuf')
      expect(logRequest.authorization).toBe('Bearer k2')
    } finally {
      await collector.close()
    }
  })

  it('flushes queued spans on SIGTERM, then exits by the signal as it would without the SDK', async () => {
    const collector = await captureServer()
    try {
      const app = await startApp({ VIGIL_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '600000' })
      await drive(`${app.url}/work?marker=sigterm`, 3, 1)
      expect(collector.bodiesOf('/v1/traces')).toHaveLength(0)
      app.child.kill('SIGTERM')
      expect(await app.exited).toEqual({ code: null, signal: 'SIGTERM' })
      expect(collector.bodiesOf('/v1/traces').some((body) => body.includes('marker=sigterm'))).toBe(true)
    } finally {
      await collector.close()
    }
  })

  describe('with the collector down', () => {
    const N = 500
    const limits = {
      ...fast,
      OTEL_BSP_MAX_QUEUE_SIZE: '200',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '50',
      OTEL_EXPORTER_OTLP_TIMEOUT: '500',
      // Distinct 8 KiB attribute per span, so spans kept by an unbounded queue would show in the heap.
      FIXTURE_PAYLOAD_BYTES: '8192',
    }

    const keepsAnsweringThenRecovers = async (
      endpoint: string,
      restore: () => Promise<{ bodies(): Buffer[] }>,
    ): Promise<void> => {
      const app = await startApp({ ...limits, VIGIL_ENDPOINT: endpoint })
      const slowestFirst = await drive(`${app.url}/work`, N)
      const afterN = await stats(app)
      const slowestRest = await drive(`${app.url}/work`, 3 * N)
      const after4N = await stats(app)

      // A generous sanity bound only (2 loaded cores); the real checks are that every request got its answer.
      expect(Math.max(slowestFirst, slowestRest)).toBeLessThan(5000)
      expect(after4N.spans.pending).toBeLessThanOrEqual(200)
      expect(after4N.spans.queueFull + after4N.spans.exportFailed).toBeGreaterThan(N)
      expect(after4N.spans.exported).toBe(0)
      // 3N more spans at 8 KiB each would be ~12 MB if they were kept.
      expect(after4N.heapUsed - afterN.heapUsed).toBeLessThan(4 * 1024 * 1024)

      const collector = await restore()
      const marker = `marker=recovered-${Date.now()}`
      const arrived = () => collector.bodies().some((body) => body.includes(marker))
      const deadline = Date.now() + 20_000
      // Keep sending: the first spans after the switch may still ride an export that was already failing.
      while (!arrived() && Date.now() < deadline) {
        await drive(`${app.url}/work?${marker}`, 5, 1)
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      expect(arrived()).toBe(true)
      expect((await stats(app)).spans.exported).toBeGreaterThan(0)
    }

    it('connection refused: the app keeps answering, memory stays bounded, spans arrive once it is back', async () => {
      const port = await freePort()
      let collector: Awaited<ReturnType<typeof captureServer>> | undefined
      try {
        await keepsAnsweringThenRecovers(`http://127.0.0.1:${port}`, async () => {
          collector = await captureServer(port)
          return { bodies: () => collector!.bodiesOf('/v1/traces') }
        })
      } finally {
        await collector?.close()
      }
    })

    it('blackholed (accepts, never answers): the app keeps answering, memory stays bounded, spans arrive after', async () => {
      const collector = await captureServer()
      collector.state.mode = 'blackhole'
      try {
        await keepsAnsweringThenRecovers(collector.url, async () => {
          collector.state.mode = 'answer'
          return { bodies: () => collector.bodiesOf('/v1/traces') }
        })
      } finally {
        await collector.close()
      }
    })
  })
})
