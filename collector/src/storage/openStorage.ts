import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { InfraQuery } from '../infra/InfraReport.js'
import { queryInfra } from '../infra/queryInfra.js'
import { queryJourneys } from '../rum/queries/queryJourneys.js'
import { queryRumErrors } from '../rum/queries/queryRumErrors.js'
import { queryVitals } from '../rum/queries/queryVitals.js'
import type { RumErrorsQuery, RumWindow, VitalsQuery } from '../rum/RumStore.js'
import { loadBucketsMany } from '../slo/loadBuckets.js'
import { loadDayBuckets } from '../slo/loadDayBuckets.js'
import { loadSliceTotals } from '../slo/loadSliceTotals.js'
import { pruneRollups, RollupRetentionMs } from '../slo/pruneRollups.js'
import type { SloDimension } from '../slo/sliRelations.js'
import { enforceRetention } from './enforceRetention.js'
import { GroupCommitWriter } from './GroupCommitWriter.js'
import { migrate } from './migrations.js'
import { OtelInbox } from './OtelInbox.js'
import { type OneAtATime, oneAtATime } from './oneAtATime.js'
import { type Database, openDatabase } from './openDatabase.js'
import { getTrace } from './queries/getTrace.js'
import { listServices } from './queries/listServices.js'
import { type CommitHook, StagedCommitter } from './StagedCommitter.js'
import type { RetentionPolicy, RetentionResult, Storage, StorageLogger } from './Storage.js'
import { StorageClosedError } from './StorageClosedError.js'
import { stagingTables } from './stagingTables.js'
import { startRetentionJob } from './startRetentionJob.js'

/** Name of the database file inside the data directory. */
export const DatabaseFileName = 'vigil.duckdb'

/** Directory of the file inbox (`InboxLog`) inside the data directory. */
export const InboxDirName = 'inbox'

export interface OpenStorageOptions {
  /** Directory holding `vigil.duckdb` (and its `.wal`) and the `inbox/` of accepted rows; created when missing. */
  dataDir: string
  /** Rows accepted and not yet committed beyond which writes are refused (default 50 000). */
  maxQueuedRows?: number
  /** Rows gathered into one transaction at most (default 25 000). */
  maxGroupRows?: number
  /** How long raw data is kept; by default nothing is deleted. */
  retention?: RetentionPolicy
  log?: StorageLogger
  /**
   * Work that runs inside every commit's transaction (the SLO rollups), each made once for the
   * writer connection after the migrations.
   */
  commitHooks?: readonly ((connection: DuckDBConnection) => Promise<CommitHook>)[]
}

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n

/** Opens (creating and migrating when needed) the embedded DuckDB storage in `dataDir`. */
export const openStorage = async (options: OpenStorageOptions): Promise<Storage> => {
  await mkdir(options.dataDir, { recursive: true })
  const path = join(options.dataDir, DatabaseFileName)
  const database = await openDatabase(path)
  let writerConnection: DuckDBConnection | undefined
  try {
    writerConnection = await database.connect()
    await migrate(writerConnection)
    const hooks: CommitHook[] = []
    for (const make of options.commitHooks ?? []) hooks.push(await make(writerConnection))
    const committer = await StagedCommitter.create(writerConnection, stagingTables, { rum: true, hooks })
    const serialize = oneAtATime()
    const inbox = await OtelInbox.open(join(options.dataDir, InboxDirName), committer, serialize)
    return new DuckDbStorage(database, writerConnection, committer, inbox, path, { ...options, serialize })
  } catch (error) {
    writerConnection?.closeSync()
    database.close()
    throw error
  }
}

/** `Storage` on one DuckDB file: one connection writes; every read and sweep gets its own connection. */
class DuckDbStorage implements Storage {
  private readonly writer: GroupCommitWriter
  private readonly retention: RetentionPolicy
  private readonly log: StorageLogger | undefined
  private readonly jobs = new Set<{ stop(): void }>()
  private readonly sweeps = new Set<Promise<unknown>>()
  private state: 'open' | 'closing' | 'closed' = 'open'
  private closing: Promise<void> | undefined

  constructor(
    private readonly database: Database,
    private readonly writerConnection: DuckDBConnection,
    private readonly committer: StagedCommitter,
    private readonly inbox: OtelInbox,
    private readonly path: string,
    options: OpenStorageOptions & { serialize: OneAtATime },
  ) {
    this.retention = { ...options.retention }
    this.log = options.log
    const { serialize } = options
    this.writer = new GroupCommitWriter({
      // OTel rows go to the file inbox; RUM rows, which need their dedupe answer first, straight to DuckDB.
      commit: async ([spans, logs, metrics, rum]) => {
        const newRum = rum.some((lines) => lines.length > 0)
          ? serialize(() => committer.commitRum(rum))
          : undefined
        await Promise.all([inbox.append([spans, logs, metrics]), newRum])
        return newRum
      },
      inbox,
      maxQueuedRows: options.maxQueuedRows,
      maxGroupRows: options.maxGroupRows,
      log: options.log,
    })
  }

  write: Storage['write'] = (batch) => this.writer.write(batch)

  writeEncoded: Storage['writeEncoded'] = (batch) => this.writer.writeEncoded(batch)

  getTrace(traceId: string) {
    return this.withFreshConnection((connection) => getTrace(connection, traceId))
  }

  writeRum: Storage['writeRum'] = (rows) => this.writer.writeRum(rows)

  rumVitals(query: VitalsQuery) {
    return this.withConnection((connection) => queryVitals(connection, query))
  }

  rumErrors(query: RumErrorsQuery) {
    return this.withConnection((connection) => queryRumErrors(connection, query))
  }

  journeys(query: RumWindow) {
    return this.withConnection((connection) => queryJourneys(connection, query))
  }

  sloBuckets(sloIds: readonly string[], from: number, to: number) {
    return this.withFreshConnection((connection) => loadBucketsMany(connection, sloIds, from, to))
  }

  sloDayBuckets(sloIds: readonly string[], dayStarts: readonly number[], end: number) {
    return this.withFreshConnection((connection) => loadDayBuckets(connection, sloIds, dayStarts, end))
  }

  sloSlices(sloId: string, dimension: SloDimension, from: number, to: number) {
    return this.withFreshConnection((connection) => loadSliceTotals(connection, sloId, dimension, from, to))
  }

  listServices(fromNs: bigint, toNs: bigint) {
    return this.withFreshConnection((connection) => listServices(connection, fromNs, toNs))
  }

  infra(query: InfraQuery) {
    return this.withFreshConnection((connection) => queryInfra(connection, query))
  }

  async databaseSizeBytes(): Promise<number> {
    const size = async (file: string) => (await stat(file).catch(() => undefined))?.size ?? 0
    const [database, wal] = await Promise.all([size(this.path), size(`${this.path}.wal`)])
    return database + wal
  }

  queueDepth(): number {
    return this.writer.queueDepth()
  }

  stats() {
    return this.writer.stats()
  }

  enforceRetention(now: bigint): Promise<RetentionResult> {
    // Minute rollups outlive raw data: 13 months, for SLA reports.
    const sweep = this.withFreshConnection(async (connection) => {
      const result = await enforceRetention(connection, this.retention, now)
      await pruneRollups(connection, Number(now / 1_000_000n) - RollupRetentionMs)
      return result
    })
    this.sweeps.add(sweep)
    const forget = () => this.sweeps.delete(sweep)
    sweep.then(forget, forget)
    return sweep
  }

  startRetentionJob(intervalMs: number, now: () => bigint = nowNs) {
    const job = startRetentionJob((at) => this.enforceRetention(at), intervalMs, now, this.log)
    const handle = {
      stop: () => {
        job.stop()
        this.jobs.delete(handle)
      },
    }
    this.jobs.add(handle)
    return handle
  }

  isReady(): boolean {
    return this.state === 'open' && this.writer.isAccepting()
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown()
    return this.closing
  }

  private async shutDown(): Promise<void> {
    this.state = 'closing'
    for (const job of [...this.jobs]) job.stop()
    await this.writer.close()
    await Promise.allSettled([...this.sweeps])
    await this.inbox.close()
    try {
      await this.writerConnection.run('CHECKPOINT vigil')
    } catch (error) {
      // The WAL still holds every commit; DuckDB replays it at the next open.
      this.log?.warn({ err: error }, 'checkpoint at close failed')
    }
    this.committer.close()
    this.writerConnection.closeSync()
    this.database.close()
    this.state = 'closed'
  }

  /** `withConnection` once every acknowledged OTel row is in its table, for reads of those tables and their rollups. */
  private async withFreshConnection<T>(use: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    await this.writer.flush()
    return this.withConnection(use)
  }

  private async withConnection<T>(use: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.state === 'closed') throw new StorageClosedError()
    const connection = await this.database.connect()
    try {
      return await use(connection)
    } finally {
      connection.closeSync()
    }
  }
}
