import type { FastifyInstance } from 'fastify'
import { Counter, Gauge, Registry } from 'prom-client'
import type { IngestStats, Signal } from '../ingestStats.js'
import type { Storage } from '../storage/index.js'

export interface MetricsRoutesOptions {
  storage: Storage
  stats: IngestStats
}

const signals: Signal[] = ['traces', 'metrics', 'logs']

/**
 * `/metrics` in the Prometheus text format: what was received and refused per signal, the write queue, commit
 * latency and the database size. Values are read from the live counters at scrape time.
 */
export const metricsRoutes = async (app: FastifyInstance, { storage, stats }: MetricsRoutesOptions) => {
  const registry = new Registry()
  new Counter({
    name: 'vigil_received_items_total',
    help: 'Spans, metric points and log records accepted and committed, per signal.',
    labelNames: ['signal'],
    registers: [registry],
    collect() {
      this.reset()
      for (const signal of signals) this.inc({ signal }, stats.received[signal])
    },
  })
  new Counter({
    name: 'vigil_rejected_total',
    help: 'Requests or items refused, per signal and reason.',
    labelNames: ['signal', 'reason'],
    registers: [registry],
    collect() {
      this.reset()
      for (const signal of signals) {
        for (const [reason, count] of Object.entries(stats.rejected[signal]))
          this.inc({ signal, reason }, count ?? 0)
      }
    },
  })
  new Counter({
    name: 'vigil_requests_total',
    help: 'OTLP export requests received, per signal.',
    labelNames: ['signal'],
    registers: [registry],
    collect() {
      this.reset()
      for (const signal of signals) this.inc({ signal }, stats.requests[signal])
    },
  })
  new Gauge({
    name: 'vigil_write_queue_rows',
    help: 'Rows waiting to be committed.',
    registers: [registry],
    collect() {
      this.set(storage.queueDepth())
    },
  })
  new Counter({
    name: 'vigil_commits_total',
    help: 'Storage commits (each groups one or more requests).',
    registers: [registry],
    collect() {
      this.reset()
      this.inc(storage.stats().commits)
    },
  })
  new Counter({
    name: 'vigil_commit_seconds_total',
    help: 'Time spent committing, summed; divide by vigil_commits_total for the mean commit latency.',
    registers: [registry],
    collect() {
      this.reset()
      this.inc(storage.stats().commitSecondsTotal)
    },
  })
  new Gauge({
    name: 'vigil_last_commit_seconds',
    help: 'Latency of the most recent commit.',
    registers: [registry],
    collect() {
      this.set(storage.stats().lastCommitSeconds)
    },
  })
  new Gauge({
    name: 'vigil_database_bytes',
    help: 'Size of the DuckDB file and its write-ahead log.',
    registers: [registry],
    async collect() {
      this.set(await storage.databaseSizeBytes())
    },
  })

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType)
    return registry.metrics()
  })
}
