import type { SloSpec } from '@vigil/slo'
import { compileSliSql } from './compileSliSql.js'
import { percentileStream } from './percentileStream.js'
import { type StagedSource, stagedSource } from './StagedSource.js'
import { type SliSourceKind, SloDimensions } from './sliRelations.js'
import { sqlNumber, sqlString } from './sqlLiteral.js'

/** TEMP table holding one commit's weighted contributions, one row per (SLO, staged row). */
export const ContributionTable = 'slo_contrib'

/** The SQL a commit runs to add its staged rows to the SLO rollups. */
export interface RollupStatements {
  /** Run once per connection (TEMP tables live as long as it). */
  setup: readonly string[]
  /** The sources SLOs read that are built by statements: run `prepare` before `apply` and `clear` last. */
  sources: readonly Pick<StagedSource, 'staged' | 'prepare' | 'clear'>[]
  /** Run inside the commit transaction, in order, after the rows are staged. */
  apply: readonly string[]
  /** Inside the transaction, after `apply`: per-SLO weighted good/total this commit added. */
  added: string
  /** Inside the transaction, last. */
  clear: string
  /** SLO ids whose SLI is rolled up (native SLIs whose source relation was given). */
  sloIds: readonly string[]
  /** Ids of the percentile threshold streams rolled up beside them (see `percentileStream`). */
  streamIds: readonly string[]
}

const dimensionColumns = SloDimensions.join(', ')

/**
 * Builds the rollup SQL for a set of SLOs. `sources` maps each signal to a SQL relation over the
 * staged rows of a commit (see `sliRelations.ts`), or to the statements that build it (see
 * `StagedSource`); SLOs whose signal has no source are left out, and so are the statements of a source
 * no SLO reads. Each relation is read once per commit (a materialized CTE), whatever the number of SLOs.
 */
export const rollupStatements = (
  slos: readonly SloSpec[],
  sources: Partial<Record<SliSourceKind, string | StagedSource>>,
): RollupStatements => {
  const branches: string[] = []
  const used = new Set<SliSourceKind>()
  const sloIds: string[] = []
  const streamIds: string[] = []
  const noDimensions = SloDimensions.map((d) => `CAST(NULL AS VARCHAR) AS ${d}`).join(', ')
  for (const slo of slos) {
    const sli = compileSliSql(slo)
    if (sli === null || sources[sli.source] === undefined) continue
    used.add(sli.source)
    sloIds.push(slo.id)
    const dims = SloDimensions.map((d) => `${sli.dimensions[d]} AS ${d}`).join(', ')
    branches.push(
      `SELECT ${sqlString(slo.id)} AS slo, ${sli.minute} AS minute,
        (${sli.weight}) * (${sli.good}) AS good, (${sli.weight}) * (${sli.total}) AS total, ${dims}
      FROM staged_${sli.source} WHERE ${sli.where}`,
    )
    const stream = percentileStream(slo)
    if (stream !== null && sli.value !== null) {
      // Same rows and weights as the SLI; good is "value on the threshold's good side". No dimension
      // rows: attribution reads the SLI's own.
      streamIds.push(stream.id)
      const below = `${sli.value} ${stream.strict ? '<' : '<='} ${sqlNumber(stream.threshold)}`
      branches.push(
        `SELECT ${sqlString(stream.id)} AS slo, ${sli.minute} AS minute,
          (${sli.weight}) * (CASE WHEN ${below} THEN 1 ELSE 0 END) AS good, (${sli.weight}) * (${sli.total}) AS total,
          ${noDimensions}
        FROM staged_${sli.source} WHERE ${sli.where}`,
      )
    }
  }
  const staged = [...used].map((kind) => ({ kind, source: stagedSource(sources[kind] ?? '') }))
  const ctes = staged.map(({ kind, source }) => `staged_${kind} AS MATERIALIZED ${source.relation}`)
  const collect =
    branches.length === 0
      ? []
      : [
          `INSERT INTO ${ContributionTable} (slo, minute, good, total, ${dimensionColumns})
          WITH ${ctes.join(', ')}
          ${branches.join('\nUNION ALL\n')}`,
        ]
  return {
    setup: [
      `CREATE TEMP TABLE IF NOT EXISTS ${ContributionTable} (
        slo VARCHAR, minute BIGINT, good DOUBLE, total DOUBLE,
        ${SloDimensions.map((d) => `${d} VARCHAR`).join(', ')}
      )`,
      ...staged.flatMap(({ source }) => source.setup),
    ],
    sources: staged.map(({ source }) => source).filter((source) => source.prepare.length > 0),
    apply: [
      ...collect,
      `INSERT INTO slo_minutes (slo, minute, good, total)
        SELECT slo, minute, sum(good), sum(total) FROM ${ContributionTable} GROUP BY slo, minute
        ON CONFLICT (slo, minute) DO UPDATE SET good = good + excluded.good, total = total + excluded.total`,
      `INSERT INTO slo_minute_slices (slo, dimension, value, minute, good, total)
        SELECT slo, dimension, value, minute, sum(good), sum(total)
        FROM (UNPIVOT ${ContributionTable} ON ${dimensionColumns} INTO NAME dimension VALUE value)
        GROUP BY slo, dimension, value, minute
        ON CONFLICT (slo, dimension, value, minute)
        DO UPDATE SET good = good + excluded.good, total = total + excluded.total`,
    ],
    added: `SELECT slo, sum(good)::DOUBLE AS good, sum(total)::DOUBLE AS total FROM ${ContributionTable}
      WHERE NOT contains(slo, '#') GROUP BY slo`,
    clear: `DELETE FROM ${ContributionTable}`,
    sloIds,
    streamIds,
  }
}
