import type { MeterProvider } from '@opentelemetry/api'
import { HostMetrics } from '@opentelemetry/host-metrics'
import { filesystemMetrics } from './filesystemMetrics.js'
import { heapLimitMetric } from './heapLimitMetric.js'

/** Instrumentation scope name of the host metrics (CPU, memory, network from host-metrics; filesystem from Vigil). */
export const HostMetricsScope = '@vigil/sdk-node/host'

/**
 * Starts host metrics on a meter provider: `system.cpu.*`, `system.memory.*`, `system.network.*`, `process.cpu.*`,
 * `process.memory.usage` (from @opentelemetry/host-metrics), `system.filesystem.*` and `v8js.memory.heap.limit`.
 */
export const hostMetrics = (meterProvider: MeterProvider): void => {
  new HostMetrics({ meterProvider, name: HostMetricsScope }).start()
  filesystemMetrics(meterProvider.getMeter(HostMetricsScope))
  heapLimitMetric(meterProvider.getMeter(HostMetricsScope))
}
