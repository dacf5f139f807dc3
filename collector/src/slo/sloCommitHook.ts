import type { DuckDBConnection } from '@duckdb/node-api'
import type { Counts, SloSpec } from '@vigil/slo'
import type { CommitHook } from '../storage/StagedCommitter.js'
import { SloRollup } from './SloRollup.js'
import { stagedSpansRelation } from './sliRelations.js'
import { stagedRumRelation } from './stagedRumRelation.js'

/**
 * A storage commit hook (for `openStorage({ commitHooks })`) that adds every commit's spans and RUM
 * events to the SLO minute rollups in the same transaction, then hands what it added to `onAdded`
 * once the commit succeeded (the `/metrics` counters).
 */
export const sloCommitHook =
  (slos: readonly SloSpec[], onAdded: (added: ReadonlyMap<string, Counts>) => void) =>
  async (connection: DuckDBConnection): Promise<CommitHook> => {
    const rollup = await SloRollup.create(connection, slos, {
      spans: stagedSpansRelation(),
      rum: stagedRumRelation(),
    })
    return async (commit) => {
      const added = await rollup.apply(commit)
      return added.size > 0 ? () => onAdded(added) : undefined
    }
  }
