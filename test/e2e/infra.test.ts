import { type ChildProcess, spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CollectorProcess, repoRoot, startCollector, tempDataDir } from '../support/collectorProcess.js'

const registerPath = resolve(repoRoot, 'sdk-node/dist/register.js')
const appPath = resolve(repoRoot, 'test/fixtures/node-app/app.mjs')

interface InfraInstance {
  service: string
  instance: string
  processCpu: number | null
  heapUsedBytes: number | null
  heapLimitBytes: number | null
  heapUsedRatio: number | null
  eventLoopDelayP99Ms: number | null
  eventLoopUtilization: number | null
}

interface InfraHost {
  host: string
  cpu: { latest: number } | null
  memory: { latest: number } | null
  trend: { cpu: number | null }[]
  services: string[]
  instances: InfraInstance[]
}

/** Starts the fixture app with the SDK loaded through `--import` on the pretended host `host`. */
const startInstance = async (collectorUrl: string, host: string): Promise<ChildProcess> => {
  const child = spawn(process.execPath, ['--import', registerPath, appPath], {
    env: {
      ...process.env,
      VIGIL_ENDPOINT: collectorUrl,
      VIGIL_SERVICE: 'shop',
      VIGIL_ENVIRONMENT: 'e2e',
      VIGIL_HOST_NAME: host,
      OTEL_METRIC_EXPORT_INTERVAL: '300',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  await new Promise<void>((resolveStarted, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (/listening http:/.test(output)) resolveStarted()
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${host} exited with ${code}:\n${output}`)))
  })
  return child
}

const stop = async (child: ChildProcess | undefined) => {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit))
  child.kill('SIGTERM')
  await exited
}

const isComplete = (host: InfraHost | undefined) =>
  host !== undefined &&
  host.cpu !== null &&
  host.memory !== null &&
  host.instances.some(
    (instance) => instance.eventLoopDelayP99Ms !== null && instance.eventLoopUtilization !== null,
  )

describe('/api/infra with two instances of a Node service', () => {
  const data = tempDataDir()
  let collector: CollectorProcess
  const children: ChildProcess[] = []

  beforeAll(async () => {
    collector = await startCollector({ dataDir: data.dir })
    children.push(
      ...(await Promise.all(['host-a', 'host-b'].map((host) => startInstance(collector.url, host)))),
    )
  })
  afterAll(async () => {
    await Promise.all(children.map(stop))
    await collector?.stop()
    data.remove()
  })

  it('shows each instance on its own host with CPU, memory, event loop and the service', async () => {
    let hosts: InfraHost[] = []
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline) {
      const answer = await fetch(`${collector.url}/api/infra`)
      hosts = answer.status === 200 ? ((await answer.json()) as { hosts: InfraHost[] }).hosts : []
      const byName = new Map(hosts.map((host) => [host.host, host]))
      if (isComplete(byName.get('host-a')) && isComplete(byName.get('host-b'))) break
      await new Promise((resolveWait) => setTimeout(resolveWait, 250))
    }

    expect(hosts.map((host) => host.host)).toEqual(['host-a', 'host-b'])
    const ids = new Set<string>()
    for (const host of hosts) {
      expect(host.services, host.host).toEqual(['shop'])
      expect(host.instances, host.host).toHaveLength(1)
      const [instance] = host.instances
      ids.add(instance!.instance)
      expect(host.cpu!.latest).toBeGreaterThanOrEqual(0)
      expect(host.cpu!.latest).toBeLessThanOrEqual(1)
      expect(host.memory!.latest).toBeGreaterThan(0)
      expect(host.memory!.latest).toBeLessThanOrEqual(1)
      expect(host.trend.some((bucket) => bucket.cpu !== null)).toBe(true)
      expect(instance!.eventLoopDelayP99Ms).toBeGreaterThan(0)
      expect(instance!.eventLoopUtilization).toBeGreaterThanOrEqual(0)
      expect(instance!.heapUsedBytes).toBeGreaterThan(0)
      expect(instance!.heapLimitBytes).toBeGreaterThan(instance!.heapUsedBytes!)
      expect(instance!.heapUsedRatio).toBeGreaterThan(0)
      expect(instance!.heapUsedRatio).toBeLessThan(1)
      expect(instance!.processCpu).not.toBeNull()
    }
    expect(ids.size).toBe(2)
  })
})
