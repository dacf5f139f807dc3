import { encodeRumRow } from '../rum/encodeRumRow.js'
import type { RumRow } from '../rum/RumRow.js'
import type { RumWriteResult } from '../rum/RumStore.js'
import { type EncodedBatch, type EncodedLines, encodeBatch, encodedRows } from './encodeBatch.js'
import { RowGroupRows } from './openDatabase.js'
import { QueueFullError } from './QueueFullError.js'
import { replaceLoneSurrogates } from './replaceLoneSurrogates.js'
import type { EncodedGroups, LineGroups, Promotion } from './StagedCommitter.js'
import type { StorageLogger, StorageStats, WriteBatch } from './Storage.js'
import { StorageClosedError } from './StorageClosedError.js'

const noLines: EncodedLines = { rows: 0, chunks: [] }

/** Defaults of the write queue. */
export const WriteQueueDefaults = {
  /** Rows accepted and not yet committed beyond which `write` is refused. */
  maxQueuedRows: 50_000,
  /** Rows gathered into one transaction at most (a single larger write still goes in whole). */
  maxGroupRows: 25_000,
  /**
   * Rows accepted and not yet promoted beyond which `write` is refused: when promotions fall behind,
   * clients are slowed down rather than the inbox growing without bound.
   */
  maxInboxRows: 4 * RowGroupRows,
  /** Longest time an accepted row waits in the inbox before it is promoted, milliseconds. */
  promoteAfterMs: 1000,
  /** Bounds of the `Retry-After` suggested when the queue is full, seconds. */
  minRetryAfterSeconds: 1,
  maxRetryAfterSeconds: 30,
} as const

/**
 * Commits the encoded lines of one group atomically; lines are per table: spans, logs, metrics, RUM
 * events. Answers, when RUM lines were given, how many of them were new per write number (the `w`
 * of each line); the others were duplicates of stored events.
 */
export type CommitLines = (
  lines: readonly [spans: EncodedGroups, logs: EncodedGroups, metrics: EncodedGroups, rum: LineGroups],
) => Promise<ReadonlyMap<number, number> | undefined>

export interface GroupCommitWriterOptions {
  commit: CommitLines
  /** Where `commit` puts OTel rows; without it, `commit` is taken to write rows into their tables directly. */
  inbox?: WriterInbox
  maxInboxRows?: number
  promoteAfterMs?: number
  maxQueuedRows?: number
  maxGroupRows?: number
  log?: StorageLogger
}

/** The durable inbox the writer's commits fill and its promotions empty (`OtelInbox`). */
export interface WriterInbox {
  /** OTel rows committed and not yet in their tables. */
  rows(): number
  /** Rows ready to be promoted at once (whole segments), whatever their age. */
  readyRows(): number
  /**
   * Moves the ready rows into their tables, and with `everything` every row committed so far. It must take
   * what it moves synchronously, before its first `await`: commits go on while it runs and are not part of it.
   */
  promote(everything: boolean): Promise<Promotion>
}

interface PendingWrite {
  /** Write number, carried by RUM lines so the commit can count each write's new rows. */
  seq: number
  spans: EncodedLines
  logs: EncodedLines
  metrics: EncodedLines
  rum: string[]
  rows: number
  /** Called with the write's new RUM rows (0 for writes without RUM). */
  resolve: (newRumRows: number) => void
  reject: (error: unknown) => void
}

/**
 * Bounded write queue with group commit. Rows are encoded when `write` is called (while the previous
 * group commits), then every write waiting when a commit starts joins the same transaction, so the
 * number of commits adapts to the load and each promise resolves only after its rows are durable.
 *
 * With an `inbox`, commits land in that durable inbox and the loop starts promotions into the tables
 * between commits: of the ready rows as soon as there are any, and of everything once no sealed row group
 * is waiting and the oldest row has waited `promoteAfterMs`, when a reader calls `flush`, and at close.
 * Commits go on while a promotion runs; one promotion runs at a time.
 */
export class GroupCommitWriter {
  private readonly commitLines: CommitLines
  private readonly maxQueuedRows: number
  private readonly maxGroupRows: number
  private readonly log: StorageLogger | undefined
  private queue: PendingWrite[] = []
  private queuedRows = 0
  private nextSeq = 0
  private running = false
  private closed = false
  private drained: (() => void)[] = []
  private readonly inbox: WriterInbox | undefined
  private readonly maxInboxRows: number
  private readonly promoteAfterMs: number
  /** The promotion running, if any; commits go on meanwhile. */
  private promoting: Promise<void> | undefined
  /** Whether the promotion of everything at close has been started. */
  private lastTryAtClose = false
  /** When the oldest row now in the inbox arrived (`performance.now()`); 0 when it is empty. */
  private inboxSince = 0
  /** No promotion is attempted before this time after one failed. */
  private promoteBlockedUntil = 0
  private promoteTimer: NodeJS.Timeout | undefined
  /** Readers waiting (`flush`) for everything acknowledged to be in the tables. */
  private flushWaiters: (() => void)[] = []
  /** Smoothed rows committed per second, for `Retry-After`. */
  private rowsPerSecond = 0
  /** Smoothed rows promoted per second, for `Retry-After` when the inbox is full. */
  private promotedPerSecond = 0
  /** Counters; `inboxRows` is live state, added by `stats()`. */
  private readonly figures: Omit<StorageStats, 'inboxRows'> = {
    rowsWritten: { spans: 0, logs: 0, metrics: 0, rum: 0 },
    commits: 0,
    failedCommits: 0,
    lastCommitSeconds: 0,
    commitSecondsTotal: 0,
    rejectedQueueFull: 0,
    promotions: 0,
    promotionSecondsTotal: 0,
    rejectedInboxRows: 0,
  }

  constructor(options: GroupCommitWriterOptions) {
    this.commitLines = options.commit
    this.maxQueuedRows = options.maxQueuedRows ?? WriteQueueDefaults.maxQueuedRows
    this.maxGroupRows = options.maxGroupRows ?? WriteQueueDefaults.maxGroupRows
    this.log = options.log
    this.inbox = options.inbox
    this.maxInboxRows = options.maxInboxRows ?? WriteQueueDefaults.maxInboxRows
    this.promoteAfterMs = options.promoteAfterMs ?? WriteQueueDefaults.promoteAfterMs
    if (this.inboxRows() > 0) {
      this.inboxSince = performance.now()
      this.schedule()
    }
  }

  write(batch: WriteBatch): Promise<void> {
    if (this.closed) return Promise.reject(new StorageClosedError())
    const rows = (batch.spans?.length ?? 0) + (batch.logs?.length ?? 0) + (batch.metrics?.length ?? 0)
    if (rows === 0) return Promise.resolve()
    if (this.isFull(rows)) return this.refuse()
    let encoded: EncodedBatch
    try {
      encoded = encodeBatch(batch)
    } catch (error) {
      return Promise.reject(error)
    }
    return this.writeEncoded(encoded)
  }

  /** Like `write`, for rows already encoded (e.g. by a decoding worker thread). */
  writeEncoded(batch: EncodedBatch): Promise<void> {
    if (this.closed) return Promise.reject(new StorageClosedError())
    const rows = encodedRows(batch)
    if (rows === 0) return Promise.resolve()
    if (this.isFull(rows)) return this.refuse()
    const { spans, logs, metrics } = batch
    return new Promise<void>((resolve, reject) => {
      this.enqueue({ spans, logs, metrics, rum: [], rows, resolve: () => resolve(), reject })
    })
  }

  /**
   * Queues RUM rows; resolves after commit with how many were new and how many repeated events
   * already stored or written earlier in the same group (same app, event id and client time).
   */
  writeRum(rows: readonly RumRow[]): Promise<RumWriteResult> {
    if (this.closed) return Promise.reject(new StorageClosedError())
    if (rows.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 })
    if (this.isFull(rows.length)) return this.refuse()
    const seq = this.nextSeq
    let rum: string[]
    try {
      rum = rows.map((row, i) => replaceLoneSurrogates(encodeRumRow(row, seq, i)))
    } catch (error) {
      return Promise.reject(error)
    }
    return new Promise<RumWriteResult>((resolve, reject) => {
      const done = (accepted: number) => resolve({ accepted, duplicates: rows.length - accepted })
      this.enqueue({
        spans: noLines,
        logs: noLines,
        metrics: noLines,
        rum,
        rows: rows.length,
        resolve: done,
        reject,
      })
    })
  }

  private enqueue(write: Omit<PendingWrite, 'seq'>): void {
    this.queue.push({ ...write, seq: this.nextSeq++ })
    this.queuedRows += write.rows
    this.schedule()
  }

  /**
   * True when `rows` more would overflow the queue (a write larger than the whole queue is still taken
   * when nothing waits, or it could never succeed), or when promotions are too far behind.
   */
  isFull(rows: number): boolean {
    return (
      (this.queuedRows > 0 && this.queuedRows + rows > this.maxQueuedRows) ||
      this.inboxRows() >= this.maxInboxRows
    )
  }

  /** The refusal `write` gives when the queue is full, counted in the stats. */
  refuse(): Promise<never> {
    this.figures.rejectedQueueFull++
    return Promise.reject(new QueueFullError(this.retryAfterSeconds(), this.queuedRows))
  }

  /** Rows accepted and not yet committed, including the group being committed. */
  queueDepth(): number {
    return this.queuedRows
  }

  stats(): StorageStats {
    return { ...this.figures, rowsWritten: { ...this.figures.rowsWritten }, inboxRows: this.inboxRows() }
  }

  /**
   * Resolves once every row acknowledged so far is in its table (not only in the inbox), so a read that
   * follows sees it: the next promotion to start covers every row acknowledged before this call.
   */
  flush(): Promise<void> {
    if (this.inboxRows() === 0) return Promise.resolve()
    return new Promise((resolve) => {
      this.flushWaiters.push(resolve)
      this.schedule()
    })
  }

  /** True until `close` is called. */
  isAccepting(): boolean {
    return !this.closed
  }

  /** Refuses new writes and resolves once everything queued has been committed (or has failed). */
  close(): Promise<void> {
    this.closed = true
    if (!this.running && this.promoting === undefined && this.queue.length === 0 && this.inboxRows() === 0)
      return Promise.resolve()
    const drained = new Promise<void>((resolve) => this.drained.push(resolve))
    this.schedule()
    return drained
  }

  private schedule(): void {
    if (this.running) return
    this.running = true
    // setImmediate lets the writes of the current tick (e.g. several requests parsed together) join the group.
    setImmediate(() => void this.run())
  }

  private async run(): Promise<void> {
    for (;;) {
      // Between commits, so the promotion takes exactly the rows committed so far.
      const promotion = this.promoting === undefined ? this.promotionDue() : 'none'
      if (promotion !== 'none') this.promoting = this.promote(promotion === 'everything')
      // Readers may have waited on a promotion of only the ready rows that emptied the inbox.
      else if (this.inboxRows() === 0) for (const resolve of this.flushWaiters.splice(0)) resolve()
      if (this.queue.length === 0) break
      const group = this.takeGroup()
      const rows = group.reduce((sum, write) => sum + write.rows, 0)
      const started = performance.now()
      try {
        const newRum = await this.commitLines([
          group.map((w) => w.spans),
          group.map((w) => w.logs),
          group.map((w) => w.metrics),
          group.map((w) => w.rum),
        ])
        const seconds = (performance.now() - started) / 1000
        this.recordCommit(group, rows, seconds, newRum)
        this.noteInbox()
        for (const write of group) write.resolve(newRum?.get(write.seq) ?? 0)
      } catch (error) {
        this.figures.failedCommits++
        this.log?.error({ err: error, writes: group.length, rows }, 'storage commit failed; group rejected')
        for (const write of group) write.reject(error)
      } finally {
        this.queuedRows -= rows
      }
    }
    this.running = false
    clearTimeout(this.promoteTimer)
    // A promotion that ends schedules the loop again, which finishes what is below.
    if (this.promoting !== undefined) return
    if (this.closed) {
      for (const resolve of this.drained.splice(0)) resolve()
    } else if (this.inboxRows() > 0) {
      // Wake up when the oldest row is due (or a failed promotion may be retried); +1 ms because a
      // timer can fire a little before `performance.now()` reaches its deadline.
      const due = Math.max(this.inboxSince + this.promoteAfterMs, this.promoteBlockedUntil)
      this.promoteTimer = setTimeout(() => this.schedule(), Math.max(0, due - performance.now()) + 1)
      this.promoteTimer.unref()
    }
  }

  /** Whether to promote now: every row (for readers, at close, or when the oldest is due), the ready rows, or none. */
  private promotionDue(): 'everything' | 'ready' | 'none' {
    if (this.inboxRows() === 0) return 'none'
    // Closing gets one last try even right after a failure; if that fails too, the rows wait for the next start.
    if (this.closed && this.queue.length === 0 && !this.lastTryAtClose) {
      this.lastTryAtClose = true
      return 'everything'
    }
    if (performance.now() < this.promoteBlockedUntil) return 'none'
    if (this.flushWaiters.length > 0 || (this.closed && this.queue.length === 0)) return 'everything'
    // Sealed row groups first: promoting everything seals the current generation early, and a partial row
    // group goes through DuckDB's WAL uncompressed and is compressed again at the next checkpoint. Under a
    // sustained load the promotions lag behind by whole row groups, so the oldest row is always due; sealing
    // early then cost more per row (and checkpoints of several seconds) just when the collector was busiest.
    if ((this.inbox?.readyRows() ?? 0) > 0) return 'ready'
    return performance.now() - this.inboxSince >= this.promoteAfterMs ? 'everything' : 'none'
  }

  private inboxRows(): number {
    return this.inbox?.rows() ?? 0
  }

  /** Notes when the oldest row now in the inbox arrived (now, if it was empty until now). */
  private noteInbox(): void {
    if (this.inboxSince === 0 && this.inboxRows() > 0) this.inboxSince = performance.now()
  }

  private async promote(everything: boolean): Promise<void> {
    const started = performance.now()
    // Readers that called `flush` before now are served by this promotion; later ones wait for the next.
    const waiters = everything ? this.flushWaiters.splice(0) : []
    if (everything) this.inboxSince = 0
    try {
      const promotion = await this.inbox!.promote(everything)
      const seconds = (performance.now() - started) / 1000
      this.figures.promotions++
      this.figures.promotionSecondsTotal += seconds
      const rate = promotion.rows / Math.max(seconds, 1e-3)
      this.promotedPerSecond = this.promotedPerSecond === 0 ? rate : 0.8 * this.promotedPerSecond + 0.2 * rate
      this.figures.rejectedInboxRows += promotion.rejectedRows
      if (promotion.rejectedRows > 0) {
        this.log?.error(
          { rows: promotion.rejectedRows },
          'rows the collector had accepted could not be stored; they are kept in otel_inbox_rejected',
        )
      }
    } catch (error) {
      // The rows stay in the inbox, durable; try again after a pause rather than in a tight loop.
      this.log?.error({ err: error, rows: this.inboxRows() }, 'promoting the inbox failed; retrying later')
      this.promoteBlockedUntil = performance.now() + this.promoteAfterMs
    }
    this.noteInbox()
    this.promoting = undefined
    for (const resolve of waiters) resolve()
    this.schedule()
  }

  /**
   * The writes of the next commit: those waiting, up to `maxGroupRows`. With an inbox, RUM writes and OTel writes
   * never share a group: they are made durable in different places (DuckDB, the inbox files), and a failure of
   * one must not refuse the other's rows, which would be stored anyway and then sent again.
   */
  private takeGroup(): PendingWrite[] {
    const kind = (write: PendingWrite) => this.inbox !== undefined && write.rum.length > 0
    let rows = 0
    let count = 0
    while (count < this.queue.length) {
      const next = this.queue[count]!
      if (count > 0 && (rows + next.rows > this.maxGroupRows || kind(next) !== kind(this.queue[0]!))) break
      rows += next.rows
      count++
    }
    return this.queue.splice(0, count)
  }

  private recordCommit(
    group: readonly PendingWrite[],
    rows: number,
    seconds: number,
    newRum: ReadonlyMap<number, number> | undefined,
  ): void {
    const figures = this.figures
    figures.commits++
    figures.lastCommitSeconds = seconds
    figures.commitSecondsTotal += seconds
    for (const write of group) {
      figures.rowsWritten.spans += write.spans.rows
      figures.rowsWritten.logs += write.logs.rows
      figures.rowsWritten.metrics += write.metrics.rows
      figures.rowsWritten.rum += newRum?.get(write.seq) ?? 0
    }
    const rate = rows / Math.max(seconds, 1e-3)
    this.rowsPerSecond = this.rowsPerSecond === 0 ? rate : 0.8 * this.rowsPerSecond + 0.2 * rate
  }

  /** Time to work off the queue, or the inbox's excess when promotions are behind. */
  private retryAfterSeconds(): number {
    const { minRetryAfterSeconds, maxRetryAfterSeconds } = WriteQueueDefaults
    const seconds = Math.max(
      this.rowsPerSecond > 0 ? this.queuedRows / this.rowsPerSecond : 0,
      this.promotedPerSecond > 0 ? (this.inboxRows() - this.maxInboxRows / 2) / this.promotedPerSecond : 0,
    )
    return Math.min(maxRetryAfterSeconds, Math.max(minRetryAfterSeconds, Math.ceil(seconds)))
  }
}
