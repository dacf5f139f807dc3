import type { StagedSource } from './StagedSource.js'
import { stagedJourneySteps } from './stagedJourneySteps.js'

/** How far back a commit looks for the page view or earlier reports an event refers to. */
export const RumLookbackMs = 86_400_000

/** TEMP tables the RUM source fills in each commit (and empties after the rollup read them). */
const Tables = {
  /** Per view of the commit: its start, and the commit's first error of it unless an older one is stored. */
  views: 'slo_rum_views',
  /** Per web-vital metric instance of the commit: its newest report in the commit. */
  metrics: 'slo_rum_metrics',
  /** Stored reports (not of this commit) of the commit's metric instances, from the lookback on. */
  older: 'slo_rum_older_vitals',
  /** The commit's rows with their view's start, and the keys that pick the newest report of a metric. */
  fresh: 'slo_rum_fresh_rows',
  /** The rows the rollup reads. */
  rows: 'slo_rum_rows',
} as const

/** The columns of the RUM relation (see `sliRelations.ts`), each with the `rum_events` column it is typed like. */
const rowColumnsLike: readonly (readonly [name: string, like: string])[] = [
  ['Timestamp', 'Timestamp'],
  ['ViewTimestamp', 'Timestamp'],
  ['EventType', 'Type'],
  ['SampleRate', 'SampleRate'],
  ['Sign', 'CAST(1 AS DOUBLE)'],
  ['Route', 'Page'],
  ['Release', 'Release'],
  ['Browser', 'Browser'],
  ['Country', 'CAST(NULL AS VARCHAR)'],
  ['Journey', 'Journey'],
  ['Step', 'Step'],
  ['Status', 'Status'],
  ['VitalName', 'Name'],
  ['VitalValue', 'Value'],
  ['FirstErrorOfView', 'false'],
]

const rowTableColumns = rowColumnsLike.map(([name, like]) => `${like} AS ${name}`).join(', ')

/**
 * The RUM source over one commit's new rows (`staging_rum_fresh`: deduplicated, typed like
 * `rum_events`), read while they are staged. It works whether or not the new rows were already
 * inserted into `rum_events` (stored rows are told apart by event id). Per row:
 * - page views, journeys and other events count once (`Sign` 1), at their view's start;
 * - an error is `FirstErrorOfView` when its view is known (a page view in the last day) and no error
 *   of that view was stored before nor comes earlier in the commit;
 * - web vitals count once per metric instance with its latest value: the newest report of each
 *   `MetricId` in the commit adds itself, and the newest report stored before is withdrawn (`Sign` −1);
 * - journey steps: `journey_step` rows for each step whose state the commit changed, looked up among
 *   the stored events of the same journey instance (see `stagedJourneySteps`).
 *
 * Each lookup is its own statement into a small TEMP table keyed by the commit's rows, with one or two hash
 * joins or aggregates: DuckDB holds every hash table of a statement until it ends, in fixed-size blocks of
 * several MB even for a few hundred rows. Measured on the demo's backfill commits (about 1 000 new rows),
 * no statement here needs more than about 27 MB; the same lookups as one statement needed about 130 MB,
 * and the RUM commits ran out of a 64 MB `memory_limit`.
 */
export const stagedRumRelation = (fresh = 'staging_rum_fresh', stored = 'rum_events'): StagedSource => {
  const since = `(SELECT min(Timestamp) FROM ${fresh}) - INTERVAL ${RumLookbackMs / 1000} SECOND`
  const rowColumns = (row: string, sign: string, viewTs: string, firstError: string) =>
    `${row}.Timestamp, ${viewTs}, ${row}.Type, ${row}.SampleRate, ${sign}, ${row}.Page, ${row}.Release,
      ${row}.Browser, NULL, ${row}.Journey, ${row}.Step, ${row}.Status, ${row}.Name, ${row}.Value, ${firstError}`
  const journeySteps = stagedJourneySteps(fresh, stored, since, Tables.rows)
  const olderFields =
    'App, EventId, MetricId, Timestamp, Type, SampleRate, Page, Release, Browser, Journey, Step, Status, Name, Value'
  return {
    setup: [
      `CREATE TEMP TABLE IF NOT EXISTS ${Tables.views} AS
        SELECT App, ViewId, Timestamp AS ViewStart, EventId AS FirstError FROM ${stored} LIMIT 0`,
      `CREATE TEMP TABLE IF NOT EXISTS ${Tables.metrics} AS SELECT App, MetricId, EventId AS Latest FROM ${stored} LIMIT 0`,
      `CREATE TEMP TABLE IF NOT EXISTS ${Tables.older} AS SELECT ${olderFields} FROM ${stored} LIMIT 0`,
      `CREATE TEMP TABLE IF NOT EXISTS ${Tables.rows} AS SELECT ${rowTableColumns} FROM ${stored} LIMIT 0`,
      `CREATE TEMP TABLE IF NOT EXISTS ${Tables.fresh} AS
        SELECT App, EventId, MetricId, ${rowTableColumns} FROM ${stored} LIMIT 0`,
      ...journeySteps.setup,
    ],
    staged: `SELECT EXISTS (SELECT 1 FROM ${fresh})`,
    prepare: [
      // Each view's start among the stored page views and the commit's, and the commit's first error of it.
      `INSERT INTO ${Tables.views} (App, ViewId, ViewStart, FirstError)
        SELECT App, ViewId, min(Timestamp) FILTER (WHERE Type = 'page_view'),
          arg_min(EventId, (Timestamp, EventId)) FILTER (WHERE Type = 'error' AND IsNew)
        FROM (
          SELECT App, ViewId, Timestamp, Type, EventId, true AS IsNew FROM ${fresh}
          UNION ALL
          SELECT r.App, r.ViewId, r.Timestamp, r.Type, r.EventId, false FROM ${stored} r
          SEMI JOIN ${fresh} f ON r.App = f.App AND r.ViewId = f.ViewId
          WHERE r.Type = 'page_view' AND r.Timestamp >= ${since})
        GROUP BY App, ViewId`,
      // A view with an error stored before this commit has had its first error already.
      `UPDATE ${Tables.views} v SET FirstError = NULL
        FROM (SELECT DISTINCT r.App, r.ViewId FROM ${stored} r
          SEMI JOIN ${Tables.views} e ON r.App = e.App AND r.ViewId = e.ViewId AND e.FirstError IS NOT NULL
          ANTI JOIN ${fresh} n ON n.App = r.App AND n.EventId = r.EventId
          WHERE r.Type = 'error' AND r.Timestamp >= ${since}) o
        WHERE v.App = o.App AND v.ViewId = o.ViewId`,
      `INSERT INTO ${Tables.metrics} (App, MetricId, Latest)
        SELECT App, MetricId, arg_max(EventId, (Timestamp, EventId)) FROM ${fresh}
        WHERE Type = 'web_vital' AND MetricId IS NOT NULL GROUP BY App, MetricId`,
      `INSERT INTO ${Tables.older} SELECT ${olderFields.replaceAll(/(\w+)/g, 'r.$1')} FROM ${stored} r
        SEMI JOIN ${Tables.metrics} m ON r.App = m.App AND r.MetricId = m.MetricId
        WHERE r.Type = 'web_vital' AND r.Timestamp >= ${since}`,
      `DELETE FROM ${Tables.older} o USING ${fresh} n WHERE n.App = o.App AND n.EventId = o.EventId`,
      `INSERT INTO ${Tables.fresh}
        SELECT f.App, f.EventId, f.MetricId, ${rowColumns(
          'f',
          '1',
          'coalesce(v.ViewStart, f.Timestamp)',
          `f.Type = 'error' AND v.ViewStart IS NOT NULL AND coalesce(f.EventId = v.FirstError, false)`,
        )}
        FROM ${fresh} f LEFT JOIN ${Tables.views} v ON v.App = f.App AND v.ViewId = f.ViewId`,
      `INSERT INTO ${Tables.rows} SELECT ${rowColumnsLike.map(([name]) => `x.${name}`).join(', ')} FROM ${Tables.fresh} x
        LEFT JOIN ${Tables.metrics} m ON m.App = x.App AND m.MetricId = x.MetricId
        WHERE x.EventType <> 'web_vital' OR x.EventId = m.Latest`,
      // The newest report stored before of each metric instance the commit reports again is withdrawn.
      `INSERT INTO ${Tables.rows}
        SELECT ${rowColumns('q.p', '-1', 'q.p.Timestamp', 'false')}
        FROM (SELECT arg_max(o, (o.Timestamp, o.EventId)) AS p FROM ${Tables.older} o GROUP BY o.App, o.MetricId) q`,
      ...journeySteps.prepare,
    ],
    relation: `(SELECT * FROM ${Tables.rows})`,
    clear: [...Object.values(Tables).map((table) => `DELETE FROM ${table}`), ...journeySteps.clear],
  }
}
