import type { RetentionJob, RetentionResult, StorageLogger } from './Storage.js'

/**
 * Calls `sweep(now())` every `intervalMs` until stopped. The next sweep is timed from the end of the
 * previous one, so sweeps never overlap; failures are logged and the job carries on. The timer is
 * unref'd so it never keeps the process alive.
 */
export const startRetentionJob = (
  sweep: (nowNs: bigint) => Promise<RetentionResult>,
  intervalMs: number,
  now: () => bigint,
  log?: StorageLogger,
): RetentionJob => {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  const tick = async () => {
    try {
      const deleted = await sweep(now())
      if (deleted.traces + deleted.logs + deleted.metrics > 0)
        log?.info({ deleted }, 'retention removed old rows')
    } catch (error) {
      log?.error({ err: error }, 'retention sweep failed')
    }
    schedule()
  }
  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => void tick(), intervalMs)
    timer.unref()
  }
  schedule()
  return {
    stop() {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
    },
  }
}
