import { join } from 'node:path'

/** What a demo service process is told by `vigil demo start`, read from the environment in this file only. */
export interface ServiceEnv {
  /** `service.name`, from `VIGIL_SERVICE` (the SDK reads it too). */
  service: string
  /** `host.name`, from `VIGIL_HOST_NAME`; also names the instance's DuckDB file. */
  host: string
  /** Port to listen on (`DEMO_PORT`, 0 = any free one). */
  port: number
  /** Directory of the DuckDB files (`DEMO_DATA`). */
  dataDir: string
  /** Base URLs of the other services' instances (`DEMO_UPSTREAMS`, JSON `{ name: [url, …] }`). */
  upstreams: Record<string, string[]>
  /** Collector base URL the gateway relays browser telemetry to (`VIGIL_ENDPOINT`). */
  collector: string
  /** The demo's collector config, whose `apps` the gateway's pages use (`DEMO_CONFIG`). */
  config: string | undefined
}

export const readServiceEnv = (env: NodeJS.ProcessEnv = process.env): ServiceEnv => ({
  service: env.VIGIL_SERVICE ?? 'demo',
  host: env.VIGIL_HOST_NAME ?? 'demo-host',
  port: Number(env.DEMO_PORT ?? 0),
  dataDir: env.DEMO_DATA ?? join(process.cwd(), 'data', 'demo'),
  upstreams: JSON.parse(env.DEMO_UPSTREAMS ?? '{}') as Record<string, string[]>,
  collector: env.VIGIL_ENDPOINT ?? 'http://127.0.0.1:4318',
  config: env.DEMO_CONFIG,
})
