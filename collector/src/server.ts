import { buildApp } from './app.js'
import type { CollectorConfig } from './config/schema.js'
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
  const storage = await openStorage({
    dataDir: config.data.dir,
    maxQueuedRows: config.queue.maxRows,
    retention: config.retention,
  })
  const app = await buildApp({ config, storage })
  app.addHook('onClose', async () => {
    retention.stop()
    await storage.close()
  })
  const retention = storage.startRetentionJob(config.retention.interval)
  const url = await app.listen({ host: config.server.host, port: config.server.port })
  app.log.info({ url, data: config.data.dir }, 'collector started')

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= app.close()
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
