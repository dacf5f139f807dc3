import { type DuckDBAppender, type DuckDBConnection, DuckDBDataChunk, VARCHAR } from '@duckdb/node-api'
import { RumStaging } from '../rum/RumStaging.js'
import type { StagingTable } from './stagingTables.js'

/** DuckDB's vector size: the most rows one data chunk holds. */
const chunkRows = 2048

/** Encoded lines for one table: the lines of each write of a group, kept apart to avoid copying. */
export type LineGroups = readonly (readonly string[])[]

/**
 * Work that must happen in the same transaction as the rows (e.g. the SLO rollups): runs once per
 * commit while every staged row is still in its staging table (`staging_spans`, `staging_rum_fresh`,
 * …) and the new rows are already in their tables. What it returns runs after the commit succeeded.
 */
export type CommitHook = (connection: DuckDBConnection) => Promise<(() => void) | undefined>

/**
 * Commits JSON lines into their tables in one transaction on one connection: append to TEMP staging
 * tables through data chunks, `INSERT … SELECT` into the real tables, empty the staging tables, commit.
 * Not re-entrant: the caller runs one `commit` at a time.
 */
export class StagedCommitter {
  private appenders: (DuckDBAppender | undefined)[]
  private rumAppender: DuckDBAppender | undefined

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly tables: readonly StagingTable[],
    private readonly rum: boolean,
    private readonly hooks: readonly CommitHook[],
  ) {
    this.appenders = tables.map(() => undefined)
  }

  /**
   * Creates the TEMP staging tables on `connection` (they live as long as the connection); with
   * `rum`, also those of `rum_events` (which must exist: run the migrations first).
   */
  static async create(
    connection: DuckDBConnection,
    tables: readonly StagingTable[],
    options: { rum?: boolean; hooks?: readonly CommitHook[] } = {},
  ): Promise<StagedCommitter> {
    for (const table of tables)
      await connection.run(`CREATE TEMP TABLE IF NOT EXISTS ${table.staging} (j VARCHAR)`)
    if (options.rum) await RumStaging.create(connection)
    return new StagedCommitter(connection, tables, options.rum ?? false, options.hooks ?? [])
  }

  /**
   * Commits `lines[i]` into `tables[i]` for every i, and `rum` lines into `rum_events` without
   * duplicates, atomically. Answers the new RUM rows per write number when `rum` lines were given.
   * On failure the transaction is rolled back, nothing of this call stays, and the error is rethrown.
   */
  async commit(
    lines: readonly LineGroups[],
    rum?: LineGroups,
  ): Promise<ReadonlyMap<number, number> | undefined> {
    await this.connection.run('BEGIN TRANSACTION')
    try {
      const staged: string[] = []
      for (let i = 0; i < this.tables.length; i++) {
        const groups = lines[i]
        const table = this.tables[i]
        if (table === undefined || groups === undefined || !groups.some((group) => group.length > 0)) continue
        const appender = await this.appender(i)
        appendLines(appender, groups)
        appender.flushSync()
        await this.connection.run(table.insertSql)
        staged.push(table.staging)
      }
      const afterCommit: (() => void)[] = []
      const runHooks = async () => {
        for (const hook of this.hooks) {
          const after = await hook(this.connection)
          if (after) afterCommit.push(after)
        }
      }
      let newRum: ReadonlyMap<number, number> | undefined
      if (rum?.some((group) => group.length > 0)) {
        if (!this.rum) throw new RangeError('this committer was created without RUM staging')
        this.rumAppender ??= await this.connection.createAppender(RumStaging.staging)
        appendLines(this.rumAppender, rum)
        this.rumAppender.flushSync()
        newRum = await RumStaging.commitStaged(this.connection, runHooks)
      } else if (staged.length > 0) {
        await runHooks()
      }
      for (const table of staged) await this.connection.run(`DELETE FROM ${table}`)
      await this.connection.run('COMMIT')
      for (const after of afterCommit) {
        try {
          after()
        } catch {
          // The rows are committed; a follower's failure must not turn that into an error.
        }
      }
      return newRum
    } catch (error) {
      this.resetAppenders()
      await this.connection.run('ROLLBACK').catch(() => undefined)
      throw error
    }
  }

  /** Releases the appenders; the connection stays open. */
  close(): void {
    for (const appender of [...this.appenders, this.rumAppender]) appender?.closeSync()
    this.appenders = this.tables.map(() => undefined)
    this.rumAppender = undefined
  }

  private async appender(index: number): Promise<DuckDBAppender> {
    const existing = this.appenders[index]
    if (existing !== undefined) return existing
    const table = this.tables[index]
    if (table === undefined) throw new RangeError(`no staging table ${index}`)
    const created = await this.connection.createAppender(table.staging)
    this.appenders[index] = created
    return created
  }

  /** An appender that saw an error may hold half a chunk; start over with fresh ones. */
  private resetAppenders(): void {
    for (const appender of [...this.appenders, this.rumAppender]) {
      try {
        appender?.clear()
        appender?.closeSync()
      } catch {
        // The appender is discarded either way.
      }
    }
    this.appenders = this.tables.map(() => undefined)
    this.rumAppender = undefined
  }
}

const appendLines = (appender: DuckDBAppender, groups: LineGroups): void => {
  let column: string[] = []
  const flushChunk = () => {
    const chunk = DuckDBDataChunk.create([VARCHAR], column.length)
    chunk.setColumns([column])
    appender.appendDataChunk(chunk)
    column = []
  }
  for (const group of groups) {
    for (const line of group) {
      column.push(line)
      if (column.length === chunkRows) flushChunk()
    }
  }
  if (column.length > 0) flushChunk()
}
