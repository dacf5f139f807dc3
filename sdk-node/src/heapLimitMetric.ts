import { getHeapStatistics } from 'node:v8'
import type { Meter } from '@opentelemetry/api'

/**
 * `v8js.memory.heap.limit`: the V8 heap size limit of this process, one total without a heap-space attribute. The
 * runtime instrumentation reports used heap per space but no limit, and heap used ÷ limit is the memory risk the
 * collector's `/api/infra` shows per instance.
 */
export const heapLimitMetric = (meter: Meter): void => {
  meter
    .createObservableGauge('v8js.memory.heap.limit', {
      unit: 'By',
      description: 'V8 heap size limit of the process',
    })
    .addCallback((result) => result.observe(getHeapStatistics().heap_size_limit))
}
