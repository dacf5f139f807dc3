import { SliEventsMetric, SliSlicesMetric } from '@vigil/slo'
import type { FastifyInstance } from 'fastify'
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client'
import type { IngestStats, Signal } from '../ingestStats.js'
import type { SloService } from '../slo/SloService.js'
import type { Storage, StorageStats } from '../storage/index.js'

export interface MetricsRoutesOptions {
  storage: Storage
  stats: IngestStats
  /** The SLOs whose figures `/metrics` exposes; none when absent. */
  slos?: SloService
}

const signals: Signal[] = ['traces', 'metrics', 'logs']

/**
 * `/metrics` in the Prometheus text format: what was received and refused per signal, the write queue, commit
 * latency and the database size, and the process's own figures (`process_*`, `nodejs_*`: resident memory, CPU,
 * heap, event-loop delay, garbage collection). Values are read from the live counters at scrape time.
 */
export const metricsRoutes = async (app: FastifyInstance, { storage, stats, slos }: MetricsRoutesOptions) => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  if (slos) registerSloMetrics(registry, slos)
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
    name: 'vigil_stored_rows_total',
    help: 'Rows committed to storage, per table kind (spans, logs, metrics, rum; duplicates not counted).',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      this.reset()
      for (const [kind, count] of Object.entries(storage.stats().rowsWritten)) this.inc({ kind }, count)
    },
  })
  const storageFigure = (
    Metric: typeof Counter | typeof Gauge,
    name: string,
    help: string,
    pick: (figures: StorageStats) => number,
  ) =>
    new Metric({
      name,
      help,
      registers: [registry],
      collect() {
        if (this instanceof Counter) this.reset()
        const value = pick(storage.stats())
        if (this instanceof Counter) this.inc(value)
        else this.set(value)
      },
    })
  storageFigure(
    Counter,
    'vigil_commits_total',
    'Storage commits (each groups one or more requests).',
    (f) => f.commits,
  )
  storageFigure(
    Counter,
    'vigil_commit_seconds_total',
    'Time spent committing, summed; divide by vigil_commits_total for the mean commit latency.',
    (f) => f.commitSecondsTotal,
  )
  storageFigure(
    Gauge,
    'vigil_last_commit_seconds',
    'Latency of the most recent commit.',
    (f) => f.lastCommitSeconds,
  )
  storageFigure(
    Gauge,
    'vigil_inbox_rows',
    'OTel rows acknowledged and durable in the inbox, not yet moved into their tables.',
    (f) => f.inboxRows,
  )
  storageFigure(Counter, 'vigil_promotions_total', 'Moves of the inbox into the tables.', (f) => f.promotions)
  storageFigure(
    Counter,
    'vigil_promotion_seconds_total',
    'Time spent moving the inbox into the tables, summed.',
    (f) => f.promotionSecondsTotal,
  )
  storageFigure(
    Counter,
    'vigil_inbox_rejected_rows_total',
    'Acknowledged rows that could not be stored and were set aside in otel_inbox_rejected.',
    (f) => f.rejectedInboxRows,
  )
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

const isNative = (source: string) => source === 'rum' || source === 'spans'

/**
 * Every SLO's latest SLI, budget, burn rates and alert states, and the SLI counters the exported
 * Prometheus rules read (docs/slo.md, "Contract: SLI counters"): two series per native SLO, no other labels.
 */
const registerSloMetrics = (registry: Registry, slos: SloService) => {
  new Counter({
    name: SliEventsMetric,
    help: 'Weighted SLI events (1 / sample rate each) rolled up since start, per native SLO; kind good or total.',
    labelNames: ['slo', 'kind'],
    registers: [registry],
    collect() {
      this.reset()
      const counters = slos.eventCounters()
      for (const slo of slos.slos) {
        if (!isNative(slo.sli.source)) continue
        const c = counters.get(slo.id) ?? { good: 0, total: 0 }
        this.inc({ slo: slo.id, kind: 'good' }, c.good)
        this.inc({ slo: slo.id, kind: 'total' }, c.total)
      }
    },
  })
  new Counter({
    name: SliSlicesMetric,
    help: 'Judged time slices since start (timeslices: good slices; ratioTimeslices: sum of slice ratios) per slice-budgeted SLO.',
    labelNames: ['slo', 'kind'],
    registers: [registry],
    collect() {
      this.reset()
      for (const [slo, c] of slos.sliceCountersById()) {
        this.inc({ slo, kind: 'good' }, c.good)
        this.inc({ slo, kind: 'total' }, c.total)
      }
    },
  })
  new Gauge({
    name: 'vigil_slo_sli',
    help: 'SLI over the SLO window at the latest evaluation (absent without data).',
    labelNames: ['slo'],
    registers: [registry],
    collect() {
      this.reset()
      for (const e of slos.latest()) if (e.status.sli !== null) this.set({ slo: e.slo.id }, e.status.sli)
    },
  })
  new Gauge({
    name: 'vigil_slo_objective',
    help: 'Objective of the SLO, in (0,1).',
    labelNames: ['slo'],
    registers: [registry],
    collect() {
      this.reset()
      for (const e of slos.latest()) this.set({ slo: e.slo.id }, e.slo.objective)
    },
  })
  new Gauge({
    name: 'vigil_slo_error_budget_remaining',
    help: 'Share of the error budget left at the latest evaluation; negative when overspent.',
    labelNames: ['slo'],
    registers: [registry],
    collect() {
      this.reset()
      for (const e of slos.latest()) this.set({ slo: e.slo.id }, e.status.budget.remaining)
    },
  })
  new Gauge({
    name: 'vigil_slo_burn_rate',
    help: 'Burn rate over each window (5m … 3d, and period for the whole SLO window) at the latest evaluation.',
    labelNames: ['slo', 'window'],
    registers: [registry],
    collect() {
      this.reset()
      for (const e of slos.latest()) {
        for (const [window, rate] of Object.entries(e.burnRates)) {
          if (rate !== null) this.set({ slo: e.slo.id, window }, rate)
        }
        const { counts } = e.status
        if (counts.total > 0) this.set({ slo: e.slo.id, window: 'period' }, e.status.budget.consumed)
      }
    },
  })
  new Gauge({
    name: 'vigil_slo_alert',
    help: "1 while the SLO's burn-rate alert of this severity fires, else 0.",
    labelNames: ['slo', 'severity'],
    registers: [registry],
    collect() {
      this.reset()
      for (const e of slos.latest()) {
        this.set({ slo: e.slo.id, severity: 'page' }, e.status.alerts.page === 'firing' ? 1 : 0)
        this.set({ slo: e.slo.id, severity: 'ticket' }, e.status.alerts.ticket === 'firing' ? 1 : 0)
      }
    },
  })
}
