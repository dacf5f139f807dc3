import { diag } from '@opentelemetry/api'
import { registerEsmHook } from './registerEsmHook.js'
import { start, type VigilNode } from './start.js'

// Side-effect entry for `node --import @vigil/sdk-node/register app.js`: hook ESM loading, start from the
// environment, flush on the way out. It must never throw into the host app.

const shutdownSignals = ['SIGTERM', 'SIGINT'] as const

const startFromEnv = (): VigilNode | undefined => {
  try {
    registerEsmHook()
    return start()
  } catch (error) {
    process.stderr.write(
      `[vigil] sdk-node did not start: ${error instanceof Error ? error.message : error}\n`,
    )
    return undefined
  }
}

/** The SDK started by this entry (undefined when disabled or failed), for apps that want to flush it themselves. */
export const sdk: VigilNode | undefined = startFromEnv()

if (sdk && !sdk.config.disabled) {
  const running = sdk
  // beforeExit fires again once the flush's own work has drained; `once` keeps it to one flush.
  process.once('beforeExit', () => {
    void running.shutdown()
  })
  for (const signal of shutdownSignals) {
    process.once(signal, () => {
      // Our listener would otherwise swallow the default "terminate on signal". When the app listens itself, it
      // owns the exit; when nobody else listens, re-raise the signal after flushing so the process ends the way
      // it would have without the SDK (killed by the signal, same exit status).
      void running.shutdown().then(() => {
        if (process.listenerCount(signal) > 0) return
        diag.debug(`Vigil SDK: flushed on ${signal}, re-raising it`)
        process.kill(process.pid, signal)
      })
    })
  }
}
