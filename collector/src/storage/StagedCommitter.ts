import { readFile } from 'node:fs/promises'
import { type DuckDBAppender, type DuckDBConnection, DuckDBDataChunk, VARCHAR } from '@duckdb/node-api'
import { RumStaging } from '../rum/RumStaging.js'
import { sqlString } from '../slo/sqlLiteral.js'
import { chunkLines, type EncodedLines, type LineChunk, linesOf } from './encodeBatch.js'
import type { Segment, SegmentFile } from './InboxLog.js'
import type { StagingTable } from './stagingTables.js'

/** DuckDB's vector size: the most rows one data chunk holds. */
const chunkRows = 2048

/** Encoded lines for one table: the lines of each write of a group, kept apart to avoid copying. */
export type LineGroups = readonly (readonly string[])[]

/** One table's encoded rows of each write of a group. */
export type EncodedGroups = readonly EncodedLines[]

/**
 * Work that must happen in the same transaction as the rows (e.g. the SLO rollups): runs once per
 * move of rows into their tables while every moved row is still in its staging table
 * (`staging_spans`, `staging_rum_fresh`, …) and already in its table. What it returns runs after the
 * commit succeeded.
 */
export type CommitHook = (connection: DuckDBConnection) => Promise<(() => void) | undefined>

/** What one promotion did. */
export interface Promotion {
  /** Rows moved from the inbox into their tables. */
  rows: number
  /** Rows that could not be moved and were set aside in `otel_inbox_rejected`. */
  rejectedRows: number
}

/**
 * The DuckDB side of the writer, on one connection:
 *
 * - `promoteSegment` moves a sealed segment of the file inbox (`InboxLog`) into `otel_traces`, `otel_logs`
 *   and `otel_metrics` in one transaction with its commit hooks and the inbox mark. DuckDB's cost per row
 *   falls steeply with the rows per transaction, and a transaction of a whole row group is written straight
 *   to the database file, compressed, instead of into the WAL and again at the next checkpoint.
 * - `promote` moves what is in the `otel_inbox` table (segments DuckDB refused, rows of older versions),
 *   down to single rows when it must, setting aside only what DuckDB refuses.
 * - `commitRum` commits RUM rows straight into `rum_events`: their answer (new or duplicate) is needed
 *   before the acknowledgement.
 * - `commitDirect` is the benchmark's baseline: lines straight into their tables.
 *
 * Not re-entrant: the caller runs one method at a time.
 */
export class StagedCommitter {
  private appenders: (DuckDBAppender | undefined)[]
  private rumAppender: DuckDBAppender | undefined
  private inboxAppender: DuckDBAppender | undefined

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly tables: readonly StagingTable[],
    private readonly rum: boolean,
    private readonly hooks: readonly CommitHook[],
    private nextSeq: bigint,
  ) {
    this.appenders = tables.map(() => undefined)
  }

  /**
   * Creates the TEMP staging tables on `connection` (they live as long as the connection); with
   * `rum`, also those of `rum_events`. Run the migrations first.
   */
  static async create(
    connection: DuckDBConnection,
    tables: readonly StagingTable[],
    options: { rum?: boolean; hooks?: readonly CommitHook[] } = {},
  ): Promise<StagedCommitter> {
    for (const table of tables) {
      await connection.run(`CREATE TEMP TABLE IF NOT EXISTS ${table.staging} (j VARCHAR)`)
      await connection.run(stageFrom(table, table.staging))
    }
    if (options.rum) await RumStaging.create(connection)
    const reader = await connection.runAndReadAll('SELECT coalesce(max(Seq) + 1, 0) FROM otel_inbox')
    const nextSeq = BigInt(String(reader.getRows()[0]?.[0] ?? 0))
    return new StagedCommitter(connection, tables, options.rum ?? false, options.hooks ?? [], nextSeq)
  }

  /** Rows waiting in the inbox (e.g. accepted before a crash). */
  async inboxRows(): Promise<number> {
    const reader = await this.connection.runAndReadAll(
      'SELECT coalesce(sum(RowCount), 0)::BIGINT FROM otel_inbox',
    )
    return Number(reader.getRows()[0]?.[0] ?? 0)
  }

  /**
   * Commits `rum` lines into `rum_events` without duplicates, with the commit hooks, in one transaction.
   * Answers the new RUM rows per write number. On failure the transaction is rolled back, nothing of this
   * call stays, and the error is rethrown.
   */
  async commitRum(rum: LineGroups): Promise<ReadonlyMap<number, number>> {
    if (!this.rum) throw new RangeError('this committer was created without RUM staging')
    return this.transaction(async (afterCommit) => {
      this.rumAppender ??= await this.connection.createAppender(RumStaging.staging)
      appendLines(this.rumAppender, rum)
      this.rumAppender.flushSync()
      const newRum = await RumStaging.commitStaged(this.connection, (connection) =>
        this.runHooks(connection, afterCommit),
      )
      return { result: newRum }
    })
  }

  /**
   * Moves every inbox row into its table in one transaction. When that fails, moves the rows one chunk
   * at a time, halving a chunk DuckDB refuses for its content until the refused rows are alone, and sets
   * those aside with the error: one bad row can neither block the others nor be lost. Any other failure
   * is rethrown with the rest left in the inbox.
   */
  async promote(): Promise<Promotion> {
    try {
      return { rows: await this.promoteWhere('true'), rejectedRows: 0 }
    } catch {
      const reader = await this.connection.runAndReadAll('SELECT Seq FROM otel_inbox ORDER BY Seq')
      const seqs = reader.getRows().map(([seq]) => String(seq))
      const promotion: Promotion = { rows: 0, rejectedRows: 0 }
      for (let seq = seqs.shift(); seq !== undefined; seq = seqs.shift()) {
        try {
          promotion.rows += await this.promoteWhere(`Seq = ${seq}`)
        } catch (error) {
          // Only the rows' own content is a reason to set them aside; anything else (memory, disk)
          // may pass, so they stay in the inbox and the writer tries again later.
          if (!isDataError(error)) throw error
          const halves = await this.split(seq)
          if (halves.length > 0) seqs.unshift(...halves)
          else promotion.rejectedRows += await this.setAside(seq, error)
        }
      }
      return promotion
    }
  }

  /** The generation of the file inbox (`InboxLog`) up to which everything is in the tables. */
  async promotedThrough(): Promise<number> {
    const reader = await this.connection.runAndReadAll('SELECT max(PromotedThrough) FROM otel_inbox_log')
    return Number(reader.getRows()[0]?.[0] ?? 0)
  }

  /**
   * Moves a sealed segment of the file inbox into its tables in one transaction that also marks its
   * generation promoted: DuckDB reads the files itself, so no line passes through JavaScript. When DuckDB
   * refuses the rows for their content, the segment's lines go into the `otel_inbox` table instead (marked
   * promoted in that same transaction), for `promote` to move chunk by chunk, setting aside only what it
   * must. Answers the rows moved into the tables: all of the segment's, or none.
   */
  async promoteSegment(segment: Segment): Promise<number> {
    try {
      const rows = await this.transaction(async (afterCommit) => {
        const filled: number[] = []
        for (const file of segment.files) {
          const table = this.tables[file.table]
          if (table === undefined) throw new RangeError(`inbox file for unknown table ${file.table}`)
          await this.connection.run(stageFrom(table, readLines(file)))
          filled.push(file.table)
        }
        await this.moveStaged(filled, afterCommit)
        // Back to the staging tables; a rollback would restore them as well.
        for (const i of filled) await this.connection.run(stageFrom(this.tables[i]!, this.tables[i]!.staging))
        await this.markPromoted(segment.generation)
        return { result: segment.rows }
      })
      return rows
    } catch (error) {
      if (!isDataError(error)) throw error
    }
    const chunks: LineChunk[][] = this.tables.map(() => [])
    for (const file of segment.files) chunks[file.table]?.push(...(await readChunks(file.path)))
    await this.transaction(async () => {
      const appended = await this.appendToInbox(chunks)
      await this.markPromoted(segment.generation)
      return {
        result: undefined,
        committed: () => {
          this.nextSeq += BigInt(appended)
        },
      }
    })
    return 0
  }

  /**
   * Commits `lines[i]` straight into `tables[i]` in one transaction, without the inbox: the fastest
   * path from lines to rows, for the benchmark's baseline.
   */
  async commitDirect(lines: readonly EncodedGroups[]): Promise<void> {
    await this.transaction(async (afterCommit) => {
      const filled: number[] = []
      for (let i = 0; i < this.tables.length; i++) {
        const groups = lines[i]
        if (groups === undefined || !groups.some((group) => group.rows > 0)) continue
        const appender = await this.appender(i)
        appendLines(appender, groups.map(linesOf))
        appender.flushSync()
        filled.push(i)
      }
      await this.moveStaged(filled, afterCommit)
      return { result: undefined }
    })
  }

  /** Releases the appenders; the connection stays open. */
  close(): void {
    for (const appender of [...this.appenders, this.rumAppender, this.inboxAppender]) appender?.closeSync()
    this.appenders = this.tables.map(() => undefined)
    this.rumAppender = undefined
    this.inboxAppender = undefined
  }

  private async promoteWhere(filter: string): Promise<number> {
    return this.transaction(async (afterCommit) => {
      const reader = await this.connection.runAndReadAll(
        `SELECT Signal, sum(RowCount)::BIGINT FROM otel_inbox WHERE ${filter} GROUP BY Signal`,
      )
      const filled: number[] = []
      let rows = 0
      for (const [signal, count] of reader.getRows()) {
        const table = this.tables[Number(signal)]
        if (table === undefined) throw new RangeError(`inbox row for unknown table ${String(signal)}`)
        await this.connection.run(
          `INSERT INTO ${table.staging} SELECT unnest(string_split(decode(Lines), chr(10))) FROM otel_inbox WHERE Signal = ${Number(signal)} AND ${filter}`,
        )
        filled.push(Number(signal))
        rows += Number(count)
      }
      await this.moveStaged(filled, afterCommit)
      await this.connection.run(`DELETE FROM otel_inbox WHERE ${filter}`)
      return { result: rows }
    })
  }

  /** Appends `chunks[i]` (lines for `tables[i]`) as rows of `otel_inbox`; answers how many. Inside a transaction. */
  private async appendToInbox(chunks: readonly (readonly LineChunk[])[]): Promise<number> {
    let count = 0
    for (let i = 0; i < chunks.length; i++) {
      for (const chunk of chunks[i] ?? []) {
        this.inboxAppender ??= await this.connection.createAppender('otel_inbox')
        const appender = this.inboxAppender
        appender.appendBigInt(this.nextSeq + BigInt(count))
        appender.appendUTinyInt(i)
        appender.appendUInteger(chunk.rows)
        appender.appendBlob(chunk.bytes)
        appender.endRow()
        count++
      }
    }
    this.inboxAppender?.flushSync()
    return count
  }

  /** Replaces inbox row `seq` by two holding half its lines each; answers their numbers (none for a single line). */
  private async split(seq: string): Promise<string[]> {
    const reader = await this.connection.runAndReadAll(
      `SELECT Signal, decode(Lines) FROM otel_inbox WHERE Seq = ${seq}`,
    )
    const [signal, text] = reader.getRows()[0] ?? []
    const lines = String(text ?? '').split('\n')
    if (lines.length < 2) return []
    const half = Math.ceil(lines.length / 2)
    const chunks: LineChunk[][] = this.tables.map(() => [])
    for (const part of [lines.slice(0, half), lines.slice(half)]) {
      chunks[Number(signal)]?.push({ bytes: utf8.encode(part.join('\n')), rows: part.length })
    }
    const first = this.nextSeq
    await this.transaction(async () => {
      await this.connection.run(`DELETE FROM otel_inbox WHERE Seq = ${seq}`)
      const appended = await this.appendToInbox(chunks)
      return {
        result: undefined,
        committed: () => {
          this.nextSeq += BigInt(appended)
        },
      }
    })
    return [String(first), String(first + 1n)]
  }

  private async markPromoted(generation: number): Promise<void> {
    await this.connection.run(
      `UPDATE otel_inbox_log SET PromotedThrough = greatest(PromotedThrough, ${generation})`,
    )
  }

  private async setAside(seq: string, error: unknown): Promise<number> {
    const message = error instanceof Error ? error.message : String(error)
    return this.transaction(async () => {
      const reader = await this.connection.runAndReadAll(
        `INSERT INTO otel_inbox_rejected SELECT now(), Signal, RowCount, Lines, $1 FROM otel_inbox WHERE Seq = ${seq} RETURNING RowCount`,
        [message],
      )
      await this.connection.run(`DELETE FROM otel_inbox WHERE Seq = ${seq}`)
      return { result: reader.getRows().reduce((sum, [count]) => sum + Number(count), 0) }
    })
  }

  /** Inserts the staged lines of `tables[i]` for every i in `filled`, runs the hooks, empties the staging tables. */
  private async moveStaged(filled: readonly number[], afterCommit: (() => void)[]): Promise<void> {
    if (filled.length === 0) return
    for (const i of filled) await this.connection.run(this.tables[i]!.insertSql)
    await this.runHooks(this.connection, afterCommit)
    for (const i of filled) await this.connection.run(`DELETE FROM ${this.tables[i]!.staging}`)
  }

  private async runHooks(connection: DuckDBConnection, afterCommit: (() => void)[]): Promise<void> {
    for (const hook of this.hooks) {
      const after = await hook(connection)
      if (after) afterCommit.push(after)
    }
  }

  /**
   * Runs `work` in a transaction; after COMMIT calls `committed` and the hooks' followers. On failure rolls
   * back, starts over with fresh appenders (one that saw an error may hold half a chunk) and rethrows.
   */
  private async transaction<T>(
    work: (afterCommit: (() => void)[]) => Promise<{ result: T; committed?: () => void }>,
  ): Promise<T> {
    const afterCommit: (() => void)[] = []
    await this.connection.run('BEGIN TRANSACTION')
    try {
      const { result, committed } = await work(afterCommit)
      await this.connection.run('COMMIT')
      committed?.()
      for (const after of afterCommit) {
        try {
          after()
        } catch {
          // The rows are committed; a follower's failure must not turn that into an error.
        }
      }
      return result
    } catch (error) {
      this.resetAppenders()
      await this.connection.run('ROLLBACK').catch(() => undefined)
      throw error
    }
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

  private resetAppenders(): void {
    for (const appender of [...this.appenders, this.rumAppender, this.inboxAppender]) {
      try {
        appender?.clear()
        appender?.closeSync()
      } catch {
        // The appender is discarded either way.
      }
    }
    this.appenders = this.tables.map(() => undefined)
    this.rumAppender = undefined
    this.inboxAppender = undefined
  }
}

/** DuckDB's error classes for values it cannot take (malformed JSON, a value out of a column's range). */
const isDataError = (error: unknown): boolean =>
  error instanceof Error && /^(Conversion|Invalid Input|Constraint) Error/.test(error.message)

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

/** Points `table`'s staging macro at `relation`, a table or table function of `j VARCHAR` lines. */
const stageFrom = (table: StagingTable, relation: string): string =>
  `CREATE OR REPLACE TEMP MACRO ${table.source}() AS TABLE SELECT j FROM ${relation}`

/**
 * DuckDB's CSV reader over an inbox file, one line per row in a single VARCHAR column `j`: no quoting or
 * escaping, and a delimiter JSON text never contains raw (it escapes control characters). Its buffer is
 * sized to the file's longest line, which DuckDB requires to fit.
 */
const readLines = (file: SegmentFile): string => {
  const maxLine = Math.max(1 << 20, file.longestLine + 1)
  return `read_csv(${sqlString(file.path)}, columns = {'j': 'VARCHAR'}, delim = '\u0001', quote = '', escape = '', new_line = '\\n', header = false, auto_detect = false, max_line_size = ${maxLine}, buffer_size = ${Math.max(4 << 20, 2 * maxLine)})`
}

const utf8 = new TextEncoder()

/** A file's lines in chunks, as the writer would have made them. */
const readChunks = async (path: string): Promise<LineChunk[]> => {
  const text = (await readFile(path, 'utf8')).replace(/\n$/, '')
  return text === '' ? [] : chunkLines(text.split('\n')).chunks
}
