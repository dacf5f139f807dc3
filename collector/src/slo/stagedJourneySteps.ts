import type { StagedSource } from './StagedSource.js'

/** TEMP tables the journey-step statements fill in each commit. */
const Tables = {
  /** The commit's journey events (`IsNew`) and the stored events of the instances they touch. */
  events: 'slo_rum_journey_events',
  /** Each step's start, without the commit's events (`IsNow` false) and with them (`IsNow` true). */
  steps: 'slo_rum_journey_steps',
  /** The steps of `steps` the instance got past. */
  passed: 'slo_rum_journey_passed',
} as const

/**
 * Statements (see {@link StagedSource}) that add to `rows` (a table with the RUM relation's columns, see
 * `sliRelations.ts`) the journey-step rows one commit adds. A step S of a journey instance (`App`,
 * `JourneyId`) starts at its earliest `started` event naming S, or at a `completed` outcome naming S when
 * nothing earlier started it (a declarative journey's last step); it is passed once a later `started` of
 * another step or a `completed` outcome exists. Rows have `EventType` `journey_step`, the start's time,
 * sample rate and dimensions, and `Status` `passed` or `started`.
 *
 * The state of a step only depends on the set of stored events of its instance, and a commit only
 * adds events, so the commit compares each touched step's state without its new events (`old`)
 * and with them (`now`): when they differ it withdraws the old row (`Sign` −1) and adds the new one.
 * Summed over commits, every step counts once, as the stored events say, whatever the order and
 * batching they arrived in; a retried event is not new and changes nothing. Stored events are read
 * from `since` on.
 */
export const stagedJourneySteps = (
  fresh: string,
  stored: string,
  since: string,
  rows: string,
): Omit<StagedSource, 'relation'> => {
  const fields =
    'App, JourneyId, EventId, Timestamp, Journey, Step, Status, SampleRate, Page, Release, Browser'
  const stepFields = 'App, JourneyId, Step, EventId, Timestamp, Journey, SampleRate, Page, Release, Browser'
  const row = (step: string, sign: string) =>
    `${step}.Timestamp, ${step}.Timestamp, 'journey_step', ${step}.SampleRate, ${sign}, ${step}.Page, ${step}.Release,
      ${step}.Browser, NULL, ${step}.Journey, ${step}.Step, CASE WHEN ${step}.Passed THEN 'passed' ELSE 'started' END,
      NULL, NULL, false`
  const changed = 'o.EventId IS DISTINCT FROM n.EventId OR o.Passed IS DISTINCT FROM n.Passed'
  return {
    setup: [
      `CREATE TEMP TABLE IF NOT EXISTS ${Tables.events} AS SELECT ${fields}, true AS IsNew FROM ${stored} LIMIT 0`,
      `CREATE TEMP TABLE IF NOT EXISTS ${Tables.steps} AS SELECT true AS IsNow, ${stepFields} FROM ${stored} LIMIT 0`,
      `CREATE TEMP TABLE IF NOT EXISTS ${Tables.passed} AS SELECT true AS IsNow, App, JourneyId, Step FROM ${stored} LIMIT 0`,
    ],
    prepare: [
      `INSERT INTO ${Tables.events}
        SELECT ${fields}, true FROM ${fresh} WHERE Type = 'journey' AND JourneyId IS NOT NULL`,
      `INSERT INTO ${Tables.events}
        SELECT ${fields.replaceAll(/(\w+)/g, 'r.$1')}, false FROM ${stored} r
        SEMI JOIN ${fresh} t ON r.App = t.App AND r.JourneyId = t.JourneyId AND t.Type = 'journey'
        WHERE r.Type = 'journey' AND r.Timestamp >= ${since}`,
      `DELETE FROM ${Tables.events} e USING ${fresh} n
        WHERE NOT e.IsNew AND n.App = e.App AND n.EventId = e.EventId`,
      // The first start of each step, in both states: `old` reads only the events stored before.
      `INSERT INTO ${Tables.steps}
        SELECT IsNow, ${stepFields} FROM (
          SELECT true AS IsNow, * FROM ${Tables.events}
          UNION ALL
          SELECT false AS IsNow, * FROM ${Tables.events} WHERE NOT IsNew)
        WHERE Step IS NOT NULL AND Status IN ('started', 'completed')
        QUALIFY row_number() OVER (PARTITION BY IsNow, App, JourneyId, Step ORDER BY Timestamp, EventId) = 1`,
      `INSERT INTO ${Tables.passed}
        SELECT DISTINCT s.IsNow, s.App, s.JourneyId, s.Step FROM ${Tables.steps} s
        JOIN ${Tables.events} e ON e.App = s.App AND e.JourneyId = s.JourneyId
        WHERE (s.IsNow OR NOT e.IsNew) AND (
          (e.Status = 'completed' AND e.Timestamp >= s.Timestamp)
          OR (e.Status = 'started' AND e.Step IS NOT NULL AND e.Step <> s.Step AND e.Timestamp > s.Timestamp))`,
      // A step has a `now` state whenever it has an `old` one: the instance's events only grow.
      `INSERT INTO ${rows}
        WITH state AS MATERIALIZED (
          SELECT s.*, p.Step IS NOT NULL AS Passed FROM ${Tables.steps} s
          LEFT JOIN ${Tables.passed} p
            ON p.IsNow = s.IsNow AND p.App = s.App AND p.JourneyId = s.JourneyId AND p.Step = s.Step),
        pairs AS MATERIALIZED (
          SELECT any_value(state) FILTER (WHERE NOT IsNow) AS o, any_value(state) FILTER (WHERE IsNow) AS n
          FROM state GROUP BY App, JourneyId, Step)
        SELECT ${row('o', '-1')} FROM pairs WHERE o IS NOT NULL AND (${changed})
        UNION ALL
        SELECT ${row('n', '1')} FROM pairs WHERE n IS NOT NULL AND (${changed})`,
    ],
    clear: Object.values(Tables).map((table) => `DELETE FROM ${table}`),
  }
}
