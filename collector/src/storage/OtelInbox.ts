import type { WriterInbox } from './GroupCommitWriter.js'
import { InboxLog, type Segment } from './InboxLog.js'
import type { OneAtATime } from './oneAtATime.js'
import { RowGroupRows } from './openDatabase.js'
import type { EncodedGroups, Promotion, StagedCommitter } from './StagedCommitter.js'

/**
 * Where accepted OTel rows wait until they are in their tables: the file inbox (`InboxLog`) for every new
 * write, and the `otel_inbox` table for rows DuckDB refused to read from a file (and rows a previous
 * version left there). Promotions run on the writer's DuckDB connection through `serialize`, so they never
 * overlap its other transactions; appends touch only files and never wait for a promotion.
 */
export class OtelInbox implements WriterInbox {
  private constructor(
    private readonly log: InboxLog,
    private readonly committer: StagedCommitter,
    private readonly serialize: OneAtATime,
    /** Sealed segments not yet promoted, oldest first. */
    private readonly sealed: Segment[],
    /** Rows in the `otel_inbox` table. */
    private tableRows: number,
    private readonly segmentRows: number,
  ) {}

  /** Opens the file inbox in `dir`, with what a previous run left in it and in the `otel_inbox` table. */
  static async open(
    dir: string,
    committer: StagedCommitter,
    serialize: OneAtATime,
    segmentRows = RowGroupRows,
  ): Promise<OtelInbox> {
    const { log, pending } = await InboxLog.open(dir, await committer.promotedThrough())
    return new OtelInbox(log, committer, serialize, pending, await committer.inboxRows(), segmentRows)
  }

  /** Rows accepted and not yet in their tables. */
  rows(): number {
    return this.log.rows() + this.readyRows()
  }

  /**
   * Makes a group's OTel lines durable (per table: spans, logs, metrics). A generation that reaches
   * `segmentRows` is sealed, so each promotion writes whole row groups.
   */
  async append(groups: readonly EncodedGroups[]): Promise<void> {
    await this.log.append(groups)
    if (this.log.rows() >= this.segmentRows) this.sealCurrent()
  }

  /** Rows in sealed segments and the `otel_inbox` table: ready to promote. */
  readyRows(): number {
    return this.sealed.reduce((sum, segment) => sum + segment.rows, 0) + this.tableRows
  }

  /**
   * Moves the sealed segments into the tables and, with `everything`, every row accepted before this call:
   * the current generation is then sealed at once, before the first `await`, so appends made while the
   * promotion runs are not part of it. A segment that fails to move stays first in line for the next call.
   */
  promote(everything: boolean): Promise<Promotion> {
    if (everything) this.sealCurrent()
    // Only what is sealed now: segments sealed meanwhile wait for the next call, so a call ends under any load.
    const count = this.sealed.length
    return this.serialize(async () => {
      const total: Promotion = { rows: 0, rejectedRows: 0 }
      for (let i = 0; i < count; i++) {
        const next = this.sealed[0]!
        const moved = await this.committer.promoteSegment(next)
        total.rows += moved
        this.tableRows += next.rows - moved
        this.sealed.shift()
        await this.log.remove(next)
      }
      if (this.tableRows > 0) {
        const promotion = await this.committer.promote()
        total.rows += promotion.rows
        total.rejectedRows += promotion.rejectedRows
        this.tableRows = 0
      }
      return total
    })
  }

  private sealCurrent(): void {
    const segment = this.log.seal()
    if (segment !== undefined) this.sealed.push(segment)
  }

  /** Closes the files; what is not promoted stays for the next open. */
  close(): Promise<void> {
    return this.log.close()
  }
}
