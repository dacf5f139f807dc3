/** The OTLP signals the collector ingests. */
export type Signal = 'traces' | 'metrics' | 'logs'

/** Why a request or item was refused, as reported on `/metrics`. */
export type RejectReason = 'invalid' | 'too_large' | 'unsupported' | 'unauthorized' | 'queue_full' | 'storage'

/** Counters of what arrived and what was refused, per signal; read by the Prometheus endpoint. */
export interface IngestStats {
  received: Record<Signal, number>
  rejected: Record<Signal, Partial<Record<RejectReason, number>>>
  requests: Record<Signal, number>
}

export const createIngestStats = (): IngestStats => ({
  received: { traces: 0, metrics: 0, logs: 0 },
  rejected: { traces: {}, metrics: {}, logs: {} },
  requests: { traces: 0, metrics: 0, logs: 0 },
})

export const countRejected = (stats: IngestStats, signal: Signal, reason: RejectReason, n = 1): void => {
  const bySignal = stats.rejected[signal]
  bySignal[reason] = (bySignal[reason] ?? 0) + n
}
