/** Metric names `/api/infra` reads, as the Node SDK sends them (docs/sdk-node.md). */
export const InfraMetrics = {
  systemCpu: 'system.cpu.utilization',
  systemMemory: 'system.memory.utilization',
  filesystem: 'system.filesystem.utilization',
  processCpu: 'process.cpu.utilization',
  heapUsed: 'v8js.memory.heap.used',
  heapLimit: 'v8js.memory.heap.limit',
  eventLoopDelayP99: 'nodejs.eventloop.delay.p99',
  eventLoopUtilization: 'nodejs.eventloop.utilization',
} as const

/** One of the metric names in `InfraMetrics`. */
export type InfraMetricName = (typeof InfraMetrics)[keyof typeof InfraMetrics]
