/**
 * SQL (a `SELECT` with the RUM relation's columns, see `sliRelations.ts`) for the journey-step rows
 * one commit adds. A step S of a journey instance (`App`, `JourneyId`) starts at its earliest
 * `started` event naming S, or at a `completed` outcome naming S when nothing earlier started it
 * (a declarative journey's last step); it is passed once a later `started` of another step or a
 * `completed` outcome exists. Rows have `EventType` `journey_step`, the start's time, sample rate and
 * dimensions, and `Status` `passed` or `started`.
 *
 * The state of a step only depends on the set of stored events of its instance, and a commit only
 * adds events, so the commit compares each touched step's state without its new events (`old`)
 * and with them (`now`): when they differ it withdraws the old row (`Sign` −1) and adds the new one.
 * Summed over commits, every step counts once, as the stored events say, whatever the order and
 * batching they arrived in; a retried event is not new and changes nothing. Stored events are read
 * from `since` on.
 */
export const stagedJourneySteps = (fresh: string, stored: string, since: string): string => {
  const fields =
    'App, JourneyId, EventId, Timestamp, Journey, Step, Status, SampleRate, Page, Release, Browser'
  const state = (name: string, include: string) => `${name} AS MATERIALIZED (
      SELECT s.*, EXISTS (SELECT 1 FROM journey_events e
        WHERE ${include.replaceAll('$', 'e')} AND e.App = s.App AND e.JourneyId = s.JourneyId AND (
          (e.Status = 'completed' AND e.Timestamp >= s.Timestamp)
          OR (e.Status = 'started' AND e.Step IS NOT NULL AND e.Step <> s.Step AND e.Timestamp > s.Timestamp))
      ) AS Passed
      FROM (SELECT * FROM journey_events j
        WHERE ${include.replaceAll('$', 'j')} AND j.Step IS NOT NULL AND j.Status IN ('started', 'completed')
        QUALIFY row_number() OVER (PARTITION BY App, JourneyId, Step ORDER BY Timestamp, EventId) = 1) s)`
  const row = (alias: string, sign: string) =>
    `${alias}.Timestamp AS Timestamp, ${alias}.Timestamp AS ViewTimestamp, 'journey_step' AS EventType,
      ${alias}.SampleRate AS SampleRate, ${sign} AS Sign, ${alias}.Page AS Route, ${alias}.Release AS Release,
      ${alias}.Browser AS Browser, CAST(NULL AS VARCHAR) AS Country, ${alias}.Journey AS Journey,
      ${alias}.Step AS Step, CASE WHEN ${alias}.Passed THEN 'passed' ELSE 'started' END AS Status,
      CAST(NULL AS VARCHAR) AS VitalName, CAST(NULL AS DOUBLE) AS VitalValue, false AS FirstErrorOfView`
  const changed = 'o.EventId IS DISTINCT FROM n.EventId OR o.Passed IS DISTINCT FROM n.Passed'
  return `(WITH touched AS (SELECT DISTINCT App, JourneyId FROM ${fresh} WHERE Type = 'journey' AND JourneyId IS NOT NULL),
    journey_events AS MATERIALIZED (
      SELECT ${fields}, true AS IsNew FROM ${fresh} WHERE Type = 'journey' AND JourneyId IS NOT NULL
      UNION ALL
      SELECT ${fields.replaceAll(/(\w+)/g, 'r.$1')}, false AS IsNew FROM ${stored} r
      SEMI JOIN touched t ON r.App = t.App AND r.JourneyId = t.JourneyId
      WHERE r.Type = 'journey' AND r.Timestamp >= ${since}
        AND r.EventId NOT IN (SELECT EventId FROM ${fresh} WHERE App = r.App)),
    ${state('old_steps', 'NOT $.IsNew')},
    ${state('now_steps', 'TRUE')}
    SELECT ${row('o', '-1.0')} FROM old_steps o
      JOIN now_steps n ON n.App = o.App AND n.JourneyId = o.JourneyId AND n.Step = o.Step WHERE ${changed}
    UNION ALL
    SELECT ${row('n', '1.0')} FROM now_steps n
      LEFT JOIN old_steps o ON n.App = o.App AND n.JourneyId = o.JourneyId AND n.Step = o.Step WHERE ${changed})`
}
