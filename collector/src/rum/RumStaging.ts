import type { DuckDBConnection } from '@duckdb/node-api'

const shape = {
  w: 'BIGINT',
  i: 'BIGINT',
  id: 'VARCHAR',
  ty: 'VARCHAR',
  ts: 'DOUBLE',
  ct: 'DOUBLE',
  ra: 'DOUBLE',
  app: 'VARCHAR',
  rel: 'VARCHAR',
  env: 'VARCHAR',
  ses: 'VARCHAR',
  vw: 'VARCHAR',
  pg: 'VARCHAR',
  pa: 'VARCHAR',
  br: 'VARCHAR',
  bv: 'VARCHAR',
  os: 'VARCHAR',
  dt: 'VARCHAR',
  sr: 'DOUBLE',
  tid: 'VARCHAR',
  sid: 'VARCHAR',
  jn: 'VARCHAR',
  ji: 'VARCHAR',
  st: 'VARCHAR',
  sts: 'VARCHAR',
  n: 'VARCHAR',
  mi: 'VARCHAR',
  v: 'DOUBLE',
  rt: 'VARCHAR',
  du: 'DOUBLE',
  fp: 'VARCHAR',
  msg: 'VARCHAR',
  d: 'VARCHAR',
}

const millisToNs = (field: string) => `make_timestamp_ns((round(s.${field}) * 1000000)::BIGINT)`

const columns: readonly (readonly [string, string])[] = [
  ['EventId', 's.id'],
  ['Type', 's.ty'],
  ['Timestamp', millisToNs('ts')],
  ['ClientTime', 'round(s.ct)::BIGINT'],
  ['ReceivedAt', millisToNs('ra')],
  ['App', 's.app'],
  ['Release', 's.rel'],
  ['Environment', 's.env'],
  ['SessionId', 's.ses'],
  ['ViewId', 's.vw'],
  ['Page', 's.pg'],
  ['Path', 's.pa'],
  ['Browser', 's.br'],
  ['BrowserVersion', 's.bv'],
  ['Os', 's.os'],
  ['DeviceType', 's.dt'],
  ['SampleRate', 's.sr'],
  ['TraceId', 's.tid'],
  ['SpanId', 's.sid'],
  ['Journey', 's.jn'],
  ['JourneyId', 's.ji'],
  ['Step', 's.st'],
  ['Status', 's.sts'],
  ['Name', 's.n'],
  ['MetricId', 's.mi'],
  ['Value', 's.v'],
  ['Rating', 's.rt'],
  ['Duration', 's.du'],
  ['Fingerprint', 's.fp'],
  ['Message', 's.msg'],
  ['Detail', 's.d::JSON'],
]

const names = columns.map(([name]) => name).join(', ')

/**
 * How RUM rows are committed with exact dedupe by event id. Lines go into the TEMP table
 * `staging_rum` (one JSON `VARCHAR` per row, like the OTel tables); `commitStaged` then keeps the
 * rows whose (App, EventId, ClientTime) is neither stored nor repeated earlier in the group, inserts
 * them, and counts them per write. It runs inside the writer's transaction on the writer's single
 * connection, so concurrent and retried batches cannot both insert an event. `ClientTime` is part
 * of the key because a retry repeats it exactly and DuckDB pushes the staged rows' min/max of a
 * join key into the scan of `rum_events`, so zone maps skip the row groups of other times.
 */
export const RumStaging = {
  staging: 'staging_rum',
  fresh: 'staging_rum_fresh',
  shape,
  /** Creates the TEMP tables on a connection; run once per connection, after migrations. */
  async create(connection: DuckDBConnection): Promise<void> {
    await connection.run('CREATE TEMP TABLE IF NOT EXISTS staging_rum (j VARCHAR)')
    await connection.run(
      'CREATE TEMP TABLE IF NOT EXISTS staging_rum_fresh AS SELECT 0::BIGINT AS W, * FROM rum_events LIMIT 0',
    )
  },
  /**
   * Moves the staged lines into `rum_events` (call inside a transaction). Answers the number of new
   * rows per write number `w`; rows of a write not counted were duplicates. `beforeClear` runs while
   * the new rows are still in `staging_rum_fresh` (the SLO rollups read them there).
   */
  async commitStaged(
    connection: DuckDBConnection,
    beforeClear?: (connection: DuckDBConnection) => Promise<void>,
  ): Promise<Map<number, number>> {
    await connection.run(`INSERT INTO staging_rum_fresh (W, ${names})
      SELECT s.w, ${columns.map(([, expression]) => expression).join(', ')}
      FROM (SELECT from_json(j, '${JSON.stringify(shape)}') AS s FROM staging_rum)
      WHERE NOT EXISTS (
        SELECT 1 FROM rum_events r
        WHERE r.App = s.app AND r.EventId = s.id AND r.ClientTime = round(s.ct)::BIGINT
      )
      QUALIFY row_number() OVER (PARTITION BY s.app, s.id, round(s.ct) ORDER BY s.w, s.i) = 1`)
    await connection.run(`INSERT INTO rum_events (${names}) SELECT ${names} FROM staging_rum_fresh`)
    const reader = await connection.runAndReadAll(
      'SELECT W, count(*)::INTEGER FROM staging_rum_fresh GROUP BY W',
    )
    const counts = new Map<number, number>()
    for (const [w, count] of reader.getRowsJson() as [string | number, number][]) counts.set(Number(w), count)
    await beforeClear?.(connection)
    await connection.run('DELETE FROM staging_rum')
    await connection.run('DELETE FROM staging_rum_fresh')
    return counts
  },
} as const
