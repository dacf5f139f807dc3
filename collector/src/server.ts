import { buildApp } from './app.js'
import type { CollectorConfig } from './config/schema.js'
import { sloServiceReaders } from './slo/SloRollupStore.js'
import { SloService } from './slo/SloService.js'
import { sloCommitHook } from './slo/sloCommitHook.js'
import { openStorage } from './storage/index.js'

export interface RunningServer {
  /** The address the collector listens on, e.g. `http://127.0.0.1:4318`. */
  url: string
  close(): Promise<void>
}

/**
 * Opens storage, starts the HTTP server and the retention job, and closes everything in order on SIGTERM or
 * SIGINT: stop accepting requests, finish the ones in flight (each waits for its commit), drain and close storage.
 */
export const startServer = async (config: CollectorConfig): Promise<RunningServer> => {
  // The commit hook exists before the service that reads what it writes; it reports through this.
  let slos: SloService | undefined
  const storage = await openStorage({
    dataDir: config.data.dir,
    maxQueuedRows: config.queue.maxRows,
    retention: config.retention,
    commitHooks: [sloCommitHook(config.slos, (added) => slos?.recordAdded(added))],
  })
  slos = new SloService({ slos: config.slos, ...sloServiceReaders(storage) })
  const app = await buildApp({ config, storage, slos })
  slos.log = app.log
  app.addHook('onClose', async () => {
    retention.stop()
    await slos?.stop()
    await storage.close()
  })
  const retention = storage.startRetentionJob(config.retention.interval)
  slos.start()
  const url = await app.listen({ host: config.server.host, port: config.server.port })
  app.log.info({ url, data: config.data.dir }, 'collector started')

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= closeGracefully(app.server, () => app.close())
    return closing
  }
  const onSignal = (signal: NodeJS.Signals) => {
    app.log.info({ signal }, 'shutting down: draining queued writes')
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', onSignal)
  process.once('SIGINT', onSignal)
  return { url, close }
}

/**
 * Closes the app while keep-alive clients keep their connections open: Node's `server.close()` waits for every
 * connection, and Fastify only closes the ones idle at the start. So idle connections are swept until the close
 * completes (requests in flight still get their answer after their commit), and whatever is left after
 * `deadlineMs` is cut.
 */
const closeGracefully = async (
  server: { closeIdleConnections(): void; closeAllConnections(): void },
  close: () => Promise<void>,
  deadlineMs = 20_000,
): Promise<void> => {
  const sweep = setInterval(() => server.closeIdleConnections(), 100)
  const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs)
  try {
    await close()
  } finally {
    clearInterval(sweep)
    clearTimeout(deadline)
  }
}
