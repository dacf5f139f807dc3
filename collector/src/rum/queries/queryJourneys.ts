import { BIGINT, type DuckDBConnection, VARCHAR } from '@duckdb/node-api'
import type { JourneyStepSummary, JourneySummary, RumWindow } from '../RumStore.js'

const window = `Type = 'journey' AND Timestamp >= make_timestamp_ns($1) AND Timestamp < make_timestamp_ns($2)
  AND ($3::VARCHAR IS NULL OR App = $3)`

const outcomesSql = `
WITH outcome AS (
  SELECT App, Journey, JourneyId,
    arg_max(Status, Duration) FILTER (WHERE Status <> 'started') AS Outcome,
    max(Duration) FILTER (WHERE Status = 'completed') AS Completion
  FROM rum_events WHERE ${window}
  GROUP BY App, Journey, JourneyId
)
SELECT App, Journey, count(*)::BIGINT,
  count(*) FILTER (WHERE Outcome = 'completed')::BIGINT,
  count(*) FILTER (WHERE Outcome = 'failed')::BIGINT,
  count(*) FILTER (WHERE Outcome = 'abandoned')::BIGINT,
  count(*) FILTER (WHERE Outcome IS NULL)::BIGINT,
  quantile_cont(Completion, 0.5), quantile_cont(Completion, 0.95)
FROM outcome
GROUP BY App, Journey
ORDER BY App, Journey`

// A step lasts from its own 'started' event until the instance's next event (next step or outcome).
const stepsSql = `
WITH ordered AS (
  SELECT App, Journey, JourneyId, Step, Status, Duration,
    lead(Duration) OVER (PARTITION BY App, Journey, JourneyId ORDER BY Duration, Status = 'started' DESC, ClientTime) - Duration AS Spent
  FROM rum_events WHERE ${window} AND Step IS NOT NULL
)
SELECT App, Journey, Step,
  count(DISTINCT JourneyId)::BIGINT,
  count(DISTINCT JourneyId) FILTER (WHERE Status = 'failed')::BIGINT,
  count(DISTINCT JourneyId) FILTER (WHERE Status = 'abandoned')::BIGINT,
  quantile_cont(Spent, [0.5, 0.75, 0.95]) FILTER (WHERE Status = 'started'),
  median(Duration) AS StartsAt
FROM ordered
GROUP BY App, Journey, Step
ORDER BY App, Journey, StartsAt, Step`

const key = (app: string, journey: string) => `${app}\u0000${journey}`

/**
 * Per journey in `[fromNs, toNs)`: instances by outcome, time to complete, and each step's reach,
 * exits and time spent (p50/p75/p95), steps in the order instances reach them.
 */
export const queryJourneys = async (
  connection: DuckDBConnection,
  query: RumWindow,
): Promise<JourneySummary[]> => {
  if (query.toNs <= query.fromNs) return []
  const params = [query.fromNs, query.toNs, query.app ?? null]
  const types = [BIGINT, BIGINT, VARCHAR]
  const [outcomes, steps] = [
    await connection.runAndReadAll(outcomesSql, params, types),
    await connection.runAndReadAll(stepsSql, params, types),
  ]
  const stepsOf = new Map<string, JourneyStepSummary[]>()
  for (const row of steps.getRowsJson()) {
    const [app, journey, step, reached, failed, abandoned, spent] = row as [
      string,
      string,
      string,
      string,
      string,
      string,
      (number | null)[] | null,
    ]
    const list = stepsOf.get(key(app, journey)) ?? []
    list.push({
      step,
      reached: Number(reached),
      failedHere: Number(failed),
      abandonedHere: Number(abandoned),
      p50Ms: spent?.[0] ?? null,
      p75Ms: spent?.[1] ?? null,
      p95Ms: spent?.[2] ?? null,
    })
    stepsOf.set(key(app, journey), list)
  }
  return outcomes.getRowsJson().map((row) => {
    const [app, journey, attempts, completions, failures, abandons, open, p50, p95] = row as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      number | null,
      number | null,
    ]
    return {
      app,
      journey,
      attempts: Number(attempts),
      completions: Number(completions),
      failures: Number(failures),
      abandons: Number(abandons),
      open: Number(open),
      completionP50Ms: p50,
      completionP95Ms: p95,
      steps: stepsOf.get(key(app, journey)) ?? [],
    }
  })
}
