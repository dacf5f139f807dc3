/**
 * One signal's staged rows as the SLO rollup reads them: statements that build them inside the commit,
 * then a relation over what they built. A source given as a plain relation has no statements.
 *
 * Building in steps keeps each statement's working memory small: DuckDB gives every hash join and hash
 * aggregate of a statement fixed-size blocks (several MB each, even for a few hundred rows) and frees them
 * only when the statement ends, so one statement holding all of a commit's lookups needs several times
 * what the same lookups need one or two at a time.
 */
export interface StagedSource {
  /** Run once per connection, before any commit (TEMP tables live as long as the connection). */
  setup: readonly string[]
  /**
   * Query answering one boolean: whether the commit staged rows of this signal. When it answers false,
   * `prepare` and `clear` are skipped (a commit of spans only has no RUM rows to look up).
   */
  staged?: string
  /** Run inside the commit transaction, in order, before `relation` is read. */
  prepare: readonly string[]
  /** SQL relation (a parenthesised query) with the columns of `sliRelations.ts`. */
  relation: string
  /** Run inside the commit transaction after the rollup read `relation`; leaves the TEMP tables empty. */
  clear: readonly string[]
}

/** `source` as a {@link StagedSource}; a plain relation needs no statements. */
export const stagedSource = (source: string | StagedSource): StagedSource =>
  typeof source === 'string' ? { setup: [], prepare: [], relation: source, clear: [] } : source
