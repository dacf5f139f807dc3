import Fastify, { type FastifyInstance } from 'fastify'
import { FaultGate } from './FaultGate.js'
import { faultPlugin } from './faultPlugin.js'
import { readServiceEnv, type ServiceEnv } from './serviceEnv.js'

/** What a service adds to the common runtime: its routes, and what to close at the end. */
export type ServiceSetup = (
  app: FastifyInstance,
  env: ServiceEnv,
  gate: FaultGate,
) => Promise<(() => void) | undefined>

/**
 * Runs one demo service: Fastify on loopback with fault injection, the service's routes, a
 * `listening <url>` line for the supervisor, and a SIGTERM/SIGINT handler that closes the server and
 * flushes the SDK before leaving.
 */
export const runService = async (setup: ServiceSetup): Promise<void> => {
  const env = readServiceEnv()
  const app = Fastify({ logger: false })
  const gate = new FaultGate()
  faultPlugin(app, gate)
  const cleanup = await setup(app, env, gate)
  const address = await app.listen({ host: '127.0.0.1', port: env.port })
  process.stdout.write(`listening ${address}\n`)

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await app.close()
    cleanup?.()
    // Loaded by `--import`; the same module instance, so this flushes the SDK that traced the service.
    const { sdk } = (await import('@vigil/sdk-node/register')) as { sdk?: { shutdown(): Promise<void> } }
    await sdk?.shutdown()
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop())
  process.once('SIGINT', () => void stop())
}
