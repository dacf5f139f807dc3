import { statfs } from 'node:fs/promises'
import { parse } from 'node:path'
import { diag, type Meter } from '@opentelemetry/api'

/**
 * Reports `system.filesystem.usage` (bytes by `system.filesystem.state`: used, free, reserved) and
 * `system.filesystem.utilization` (used / (used + free), like `df`) for each mount point, by default the one
 * holding the working directory. host-metrics has no disk group; `statfs` is asynchronous, so a slow mount
 * never blocks the event loop.
 */
export const filesystemMetrics = (
  meter: Meter,
  mountpoints: readonly string[] = [parse(process.cwd()).root],
) => {
  const usage = meter.createObservableUpDownCounter('system.filesystem.usage', {
    unit: 'By',
    description: 'Filesystem space by state',
  })
  const utilization = meter.createObservableGauge('system.filesystem.utilization', {
    unit: '1',
    description: 'Fraction of filesystem space used',
  })
  meter.addBatchObservableCallback(
    async (result) => {
      for (const mountpoint of mountpoints) {
        try {
          const stats = await statfs(mountpoint)
          const used = (stats.blocks - stats.bfree) * stats.bsize
          const free = stats.bavail * stats.bsize
          const reserved = (stats.bfree - stats.bavail) * stats.bsize
          const at = { 'system.filesystem.mountpoint': mountpoint }
          result.observe(usage, used, { ...at, 'system.filesystem.state': 'used' })
          result.observe(usage, free, { ...at, 'system.filesystem.state': 'free' })
          result.observe(usage, reserved, { ...at, 'system.filesystem.state': 'reserved' })
          if (used + free > 0) result.observe(utilization, used / (used + free), at)
        } catch (error) {
          diag.debug(`Vigil SDK: statfs ${mountpoint} failed`, error)
        }
      }
    },
    [usage, utilization],
  )
}
