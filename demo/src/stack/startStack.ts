import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { paths } from '../paths.js'
import { type StackState, stateFile, writeStackState } from './StackState.js'
import { type NodeChild, signalGroup, spawnNode } from './spawnNode.js'
import { type InstanceSpec, startPhases } from './topology.js'

/** Options of `startStack`. */
export interface StackOptions {
  /** Collector data directory; the services keep their DuckDB files in `<data>/demo`. */
  dataDir: string
  /** Collector port (0: any free one). */
  collectorPort: number
  /** Shop (gateway) port (0: any free one). */
  shopPort: number
  /** Use this running collector instead of starting one. */
  collectorUrl?: string
  /** Extra environment for every service, e.g. `OTEL_BSP_SCHEDULE_DELAY` in tests. */
  serviceEnv?: Record<string, string>
  /** Progress lines. */
  log?: (line: string) => void
}

/** The running stack. */
export interface Stack extends StackState {
  /** Stops the services, then the collector; idempotent. */
  stop(): Promise<void>
}

/** Starts the collector (unless given), every service instance and the gateway, and records them. */
export const startStack = async (options: StackOptions): Promise<Stack> => {
  const log = options.log ?? (() => {})
  const demoData = join(options.dataDir, 'demo')
  mkdirSync(demoData, { recursive: true })
  const children: NodeChild[] = []
  // A supervisor that dies unexpectedly must not leave services behind.
  const killAll = () => {
    for (const { child } of children) signalGroup(child, 'SIGKILL')
  }
  process.once('exit', killAll)

  let stopped: Promise<void> | undefined
  const stop = () => {
    stopped ??= (async () => {
      const services = children.filter((c) => c.name !== 'collector').reverse()
      await Promise.all(services.map((c) => c.stop()))
      await children.find((c) => c.name === 'collector')?.stop(15_000)
      process.off('exit', killAll)
      rmSync(stateFile(options.dataDir), { force: true })
    })()
    return stopped
  }

  try {
    let collector = options.collectorUrl
    if (!collector) {
      log('starting the collector')
      const child = await spawnNode(
        'collector',
        [
          paths.collectorCli,
          'collector',
          '--config',
          paths.collectorConfig,
          '--data',
          options.dataDir,
          '--port',
          String(options.collectorPort),
        ],
        process.env,
        /listening on (http:\/\/\S+)/,
      )
      children.push(child)
      collector = child.url
    }

    const services: StackState['services'] = {}
    const startInstance = async ({ service, host }: InstanceSpec) => {
      log(`starting ${service} on ${host}`)
      const isGateway = service === 'gateway'
      const child = await spawnNode(
        `${service}@${host}`,
        ['--import', paths.sdkNodeRegister, join(paths.services, `${service}.js`)],
        {
          ...process.env,
          ...options.serviceEnv,
          VIGIL_SERVICE: service,
          VIGIL_HOST_NAME: host,
          VIGIL_VERSION: '1.0.0',
          VIGIL_ENVIRONMENT: 'demo',
          VIGIL_ENDPOINT: collector,
          DEMO_PORT: String(isGateway ? options.shopPort : 0),
          DEMO_DATA: demoData,
          DEMO_CONFIG: paths.collectorConfig,
          DEMO_UPSTREAMS: JSON.stringify(
            Object.fromEntries(
              Object.entries(services).map(([name, list]) => [name, list.map((i) => i.url)]),
            ),
          ),
        },
        /listening (http:\/\/\S+)/,
      )
      children.push(child)
      return { service, instance: { url: child.url, host, pid: child.child.pid ?? 0 } }
    }
    // Phase by phase, so each instance is told the URLs of the services it calls.
    for (const phase of startPhases) {
      const started = await Promise.all(phase.map(startInstance))
      for (const { service, instance } of started)
        services[service] = [...(services[service] ?? []), instance]
    }
    const state: StackState = { collector, shop: services.gateway?.[0]?.url ?? '', services }
    writeStackState(options.dataDir, state)
    return { ...state, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
