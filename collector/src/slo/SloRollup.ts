import type { DuckDBConnection } from '@duckdb/node-api'
import type { Counts, SloSpec } from '@vigil/slo'
import { type RollupStatements, rollupStatements } from './rollupStatements.js'
import type { StagedSource } from './StagedSource.js'
import type { SliSourceKind } from './sliRelations.js'

/**
 * Adds each commit's staged rows to the SLO minute rollups, inside the commit's own transaction: a
 * late event lands in its own minute, nothing is recomputed from raw rows, and a failed commit rolls
 * its contributions back with its rows.
 */
export class SloRollup {
  private constructor(private readonly statements: RollupStatements) {}

  /** Prepares the TEMP tables (contributions, sources) on `connection` (the commit connection). */
  static async create(
    connection: DuckDBConnection,
    slos: readonly SloSpec[],
    sources: Partial<Record<SliSourceKind, string | StagedSource>>,
  ): Promise<SloRollup> {
    const statements = rollupStatements(slos, sources)
    for (const statement of statements.setup) await connection.run(statement)
    return new SloRollup(statements)
  }

  /** SLO ids this rollup maintains. */
  get sloIds(): readonly string[] {
    return this.statements.sloIds
  }

  /**
   * Runs inside an open transaction after the rows are staged and before the staging tables are
   * emptied. Returns the weighted counts added per SLO (only SLOs that gained something).
   */
  async apply(connection: DuckDBConnection): Promise<Map<string, Counts>> {
    const added = new Map<string, Counts>()
    if (this.statements.sloIds.length === 0) return added
    const built: RollupStatements['sources'][number][] = []
    for (const source of this.statements.sources) {
      if (source.staged !== undefined) {
        const staged = await connection.runAndReadAll(source.staged)
        if (staged.getRowsJS()[0]?.[0] !== true) continue
      }
      for (const statement of source.prepare) await connection.run(statement)
      built.push(source)
    }
    for (const statement of this.statements.apply) await connection.run(statement)
    const reader = await connection.runAndReadAll(this.statements.added)
    for (const [slo, good, total] of reader.getRowsJS()) {
      added.set(String(slo), { good: Number(good), total: Number(total) })
    }
    await connection.run(this.statements.clear)
    for (const source of built) for (const statement of source.clear) await connection.run(statement)
    return added
  }
}
