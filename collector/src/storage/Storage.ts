import type { InfraHost, InfraQuery } from '../infra/InfraReport.js'
import type { LogRow, MetricPointRow, SpanRow } from '../otlp/rows.js'
import type { RumStore } from '../rum/RumStore.js'
import type { SloRollupStore } from '../slo/SloRollupStore.js'
import type { EncodedBatch } from './encodeBatch.js'

/** Rows to commit together; any signal may be absent. */
export interface WriteBatch {
  spans?: readonly SpanRow[]
  logs?: readonly LogRow[]
  metrics?: readonly MetricPointRow[]
}

/** A JSON value as stored: OTLP attribute values keep their type; integers beyond 2^53 are decimal strings. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue }

/** Attribute map of a span, resource, scope, event or link. */
export type Attributes = Record<string, AttributeValue>

/** One span event, JSON-ready. */
export interface TraceSpanEvent {
  /** Nanoseconds since the epoch, decimal string. */
  timeUnixNano: string
  name: string
  attributes: Attributes
  droppedAttributesCount: number
}

/** One span link, JSON-ready. */
export interface TraceSpanLink {
  traceId: string
  spanId: string
  traceState: string
  attributes: Attributes
  droppedAttributesCount: number
  flags: number
}

/** One stored span as the query API returns it. Times and durations are decimal strings of nanoseconds. */
export interface TraceSpan {
  traceId: string
  spanId: string
  /** Empty for a root span. */
  parentSpanId: string
  traceState: string
  flags: number
  name: string
  kind: string
  serviceName: string
  startTimeUnixNano: string
  endTimeUnixNano: string
  durationNano: string
  status: { code: string; message: string }
  attributes: Attributes
  resource: { attributes: Attributes; schemaUrl: string }
  scope: { name: string; version: string; attributes: Attributes }
  events: TraceSpanEvent[]
  links: TraceSpanLink[]
  droppedAttributesCount: number
  droppedEventsCount: number
  droppedLinksCount: number
}

/** Red figures of one service over a time window. */
export interface ServiceSummary {
  service: string
  spanCount: number
  /** Spans per second over the whole window. */
  spanRate: number
  /** Spans whose status code is `Error`. */
  errorCount: number
  errorRatio: number
  /** Exact (interpolated) duration percentiles in milliseconds; null when the service has no span. */
  p50Ms: number | null
  p95Ms: number | null
  p99Ms: number | null
}

/** How long each kind of raw data is kept, in milliseconds; an absent entry keeps that data forever. */
export interface RetentionPolicy {
  traces?: number
  logs?: number
  metrics?: number
  rum?: number
}

/** Rows removed by one retention sweep, per table. */
export interface RetentionResult {
  traces: number
  logs: number
  metrics: number
  rum: number
}

/** Writer figures since the storage was opened, for the Prometheus endpoint. */
export interface StorageStats {
  /** Rows committed (durable) per table; OTel rows count once they are in the inbox. */
  rowsWritten: { spans: number; logs: number; metrics: number; rum: number }
  /** Transactions committed (each groups one or more `write` calls). */
  commits: number
  /** Transactions that failed and were rolled back. */
  failedCommits: number
  /** Duration of the most recent commit (staging, insert and commit), seconds. */
  lastCommitSeconds: number
  /** Summed duration of all commits, seconds. */
  commitSecondsTotal: number
  /** `write` calls refused with `QueueFullError`. */
  rejectedQueueFull: number
  /** OTel rows committed into the inbox and not yet moved into their tables. */
  inboxRows: number
  /** Moves of the inbox into the tables. */
  promotions: number
  /** Summed duration of those moves, seconds. */
  promotionSecondsTotal: number
  /** Accepted rows a move could not store, kept in `otel_inbox_rejected`. */
  rejectedInboxRows: number
}

/** A running background retention job. */
export interface RetentionJob {
  /** Stops the timer; a sweep in progress finishes on its own. */
  stop(): void
}

/** Minimal pino-compatible logger. */
export interface StorageLogger {
  info(object: object, message: string): void
  warn(object: object, message: string): void
  error(object: object, message: string): void
}

/**
 * The collector's storage. The embedded DuckDB implementation comes from `openStorage`; a ClickHouse
 * backend would implement the same interface. RUM writes and queries come from `RumStore`, reads of
 * the SLO minute rollups from `SloRollupStore`.
 */
export interface Storage extends RumStore, SloRollupStore {
  /**
   * Queues rows and resolves once they are committed (durable). Concurrent calls share one commit.
   * Rejects at once with `QueueFullError` when the queue is full, and with `StorageClosedError` after `close`.
   */
  write(batch: WriteBatch): Promise<void>
  /** `write` for rows already turned into staging lines by `encodeBatch` (e.g. on a decoding worker thread). */
  writeEncoded(batch: EncodedBatch): Promise<void>
  /** All spans of a trace, ordered by start time; empty when the trace is unknown. */
  getTrace(traceId: string): Promise<TraceSpan[]>
  /** Per-service figures for spans starting in `[fromNs, toNs)`, sorted by service name. */
  listServices(fromNs: bigint, toNs: bigint): Promise<ServiceSummary[]>
  /** Infrastructure risk per host (CPU, memory, disk, trend, instances) for metric points in the window. */
  infra(query: InfraQuery): Promise<InfraHost[]>
  /** Size of the database file plus its write-ahead log, bytes. */
  databaseSizeBytes(): Promise<number>
  /** Rows accepted by `write` and not yet committed. */
  queueDepth(): number
  stats(): StorageStats
  /** Deletes rows older than the retention policy allows, relative to `nowNs`. */
  enforceRetention(nowNs: bigint): Promise<RetentionResult>
  /** Runs `enforceRetention` every `intervalMs` in the background; sweeps never overlap. */
  startRetentionJob(intervalMs: number, now?: () => bigint): RetentionJob
  /** True while open and accepting writes. */
  isReady(): boolean
  /** Stops accepting writes, commits everything queued, checkpoints and closes the database. */
  close(): Promise<void>
}
