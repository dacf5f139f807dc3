import type { DuckDBConnection } from '@duckdb/node-api'
import { sloRollupMigration } from '../slo/sloRollupMigration.js'
import { inboxLogMigration } from './inboxLogMigration.js'
import { inboxMigration } from './inboxMigration.js'

/** One schema change; `statements` run in order inside a single transaction. */
export interface Migration {
  version: number
  name: string
  statements: readonly string[]
}

const attrMap = 'MAP(VARCHAR, JSON)'

/**
 * Schema versions, applied in order. Append new versions; never edit one that has shipped.
 *
 * Tables follow the OTel ClickHouse exporter's column names. Attribute maps hold JSON values so
 * OTLP types survive (`SpanAttributes['k']` is JSON; `attr(m, k)` gives text). No indexes: DuckDB's
 * zone maps on `Timestamp` serve time filters because rows arrive roughly in time order, and an
 * ART index would slow every insert.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'otel tables',
    statements: [
      `CREATE TABLE otel_traces (
        Timestamp TIMESTAMP_NS NOT NULL,
        TraceId VARCHAR NOT NULL,
        SpanId VARCHAR NOT NULL,
        ParentSpanId VARCHAR NOT NULL,
        TraceState VARCHAR NOT NULL,
        TraceFlags UINTEGER NOT NULL,
        SpanName VARCHAR NOT NULL,
        SpanKind VARCHAR NOT NULL,
        ServiceName VARCHAR NOT NULL,
        ResourceAttributes ${attrMap} NOT NULL,
        ResourceSchemaUrl VARCHAR NOT NULL,
        ScopeName VARCHAR NOT NULL,
        ScopeVersion VARCHAR NOT NULL,
        ScopeAttributes ${attrMap} NOT NULL,
        SpanAttributes ${attrMap} NOT NULL,
        Duration BIGINT NOT NULL,
        StatusCode VARCHAR NOT NULL,
        StatusMessage VARCHAR NOT NULL,
        Events STRUCT(
          Timestamp TIMESTAMP_NS, Name VARCHAR, Attributes ${attrMap}, DroppedAttributesCount UINTEGER
        )[] NOT NULL,
        Links STRUCT(
          TraceId VARCHAR, SpanId VARCHAR, TraceState VARCHAR, Attributes ${attrMap},
          DroppedAttributesCount UINTEGER, Flags UINTEGER
        )[] NOT NULL,
        DroppedAttributesCount UINTEGER NOT NULL,
        DroppedEventsCount UINTEGER NOT NULL,
        DroppedLinksCount UINTEGER NOT NULL
      )`,
      `CREATE TABLE otel_logs (
        Timestamp TIMESTAMP_NS NOT NULL,
        ObservedTimestamp TIMESTAMP_NS NOT NULL,
        TraceId VARCHAR NOT NULL,
        SpanId VARCHAR NOT NULL,
        TraceFlags UINTEGER NOT NULL,
        SeverityText VARCHAR NOT NULL,
        SeverityNumber INTEGER NOT NULL,
        ServiceName VARCHAR NOT NULL,
        Body JSON,
        EventName VARCHAR NOT NULL,
        ResourceAttributes ${attrMap} NOT NULL,
        ResourceSchemaUrl VARCHAR NOT NULL,
        ScopeName VARCHAR NOT NULL,
        ScopeVersion VARCHAR NOT NULL,
        ScopeAttributes ${attrMap} NOT NULL,
        LogAttributes ${attrMap} NOT NULL,
        DroppedAttributesCount UINTEGER NOT NULL
      )`,
      // One table for every point type: columns that do not apply to a type stay NULL or empty, which
      // a column store keeps nearly free, and one table means one write path and one retention sweep.
      `CREATE TABLE otel_metrics (
        MetricType VARCHAR NOT NULL,
        Timestamp TIMESTAMP_NS NOT NULL,
        StartTimestamp TIMESTAMP_NS NOT NULL,
        ServiceName VARCHAR NOT NULL,
        MetricName VARCHAR NOT NULL,
        MetricDescription VARCHAR NOT NULL,
        MetricUnit VARCHAR NOT NULL,
        ResourceAttributes ${attrMap} NOT NULL,
        ResourceSchemaUrl VARCHAR NOT NULL,
        ScopeName VARCHAR NOT NULL,
        ScopeVersion VARCHAR NOT NULL,
        ScopeAttributes ${attrMap} NOT NULL,
        Attributes ${attrMap} NOT NULL,
        Flags UINTEGER NOT NULL,
        Value DOUBLE,
        AggregationTemporality INTEGER NOT NULL,
        IsMonotonic BOOLEAN NOT NULL,
        Count UBIGINT,
        Sum DOUBLE,
        Min DOUBLE,
        Max DOUBLE,
        BucketCounts UBIGINT[] NOT NULL,
        ExplicitBounds DOUBLE[] NOT NULL,
        Scale INTEGER NOT NULL,
        ZeroCount UBIGINT NOT NULL,
        ZeroThreshold DOUBLE NOT NULL,
        PositiveOffset INTEGER NOT NULL,
        PositiveBucketCounts UBIGINT[] NOT NULL,
        NegativeOffset INTEGER NOT NULL,
        NegativeBucketCounts UBIGINT[] NOT NULL,
        Quantiles DOUBLE[] NOT NULL,
        QuantileValues DOUBLE[] NOT NULL,
        Exemplars JSON NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: 'attr macro',
    // attr(SpanAttributes, 'http.route') -> '/cart'; strings lose their quotes, other values keep their JSON text.
    statements: [`CREATE MACRO attr(m, k) AS json_extract_string(m[k], '$')`],
  },
  {
    version: 3,
    name: 'rum events',
    // One row per RUM event: common fields typed, the rest in Detail JSON. No index: dedupe by
    // (App, EventId, ClientTime) is an anti-join inside the commit (see rum/RumStaging.ts).
    statements: [
      `CREATE TABLE rum_events (
        EventId VARCHAR NOT NULL,
        Type VARCHAR NOT NULL,
        Timestamp TIMESTAMP_NS NOT NULL,
        ClientTime BIGINT NOT NULL,
        ReceivedAt TIMESTAMP_NS NOT NULL,
        App VARCHAR NOT NULL,
        Release VARCHAR,
        Environment VARCHAR,
        SessionId VARCHAR NOT NULL,
        ViewId VARCHAR NOT NULL,
        Page VARCHAR,
        Path VARCHAR,
        Browser VARCHAR,
        BrowserVersion VARCHAR,
        Os VARCHAR,
        DeviceType VARCHAR,
        SampleRate DOUBLE NOT NULL,
        TraceId VARCHAR,
        SpanId VARCHAR,
        Journey VARCHAR,
        JourneyId VARCHAR,
        Step VARCHAR,
        Status VARCHAR,
        Name VARCHAR,
        MetricId VARCHAR,
        Value DOUBLE,
        Rating VARCHAR,
        Duration DOUBLE,
        Fingerprint VARCHAR,
        Message VARCHAR,
        Detail JSON NOT NULL
      )`,
    ],
  },
  sloRollupMigration,
  inboxMigration,
  inboxLogMigration,
]

/**
 * Applies every migration newer than the database's recorded version, each in its own transaction,
 * and records it in `schema_migrations`. Returns the versions applied.
 */
export const migrate = async (
  connection: DuckDBConnection,
  list: readonly Migration[] = migrations,
): Promise<number[]> => {
  await connection.run(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL
    )`,
  )
  const reader = await connection.runAndReadAll(
    'SELECT coalesce(max(version), 0)::INTEGER FROM schema_migrations',
  )
  const current = Number(reader.getRows()[0]?.[0] ?? 0)
  const applied: number[] = []
  for (const migration of [...list].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue
    await connection.run('BEGIN TRANSACTION')
    try {
      for (const statement of migration.statements) await connection.run(statement)
      await connection.run('INSERT INTO schema_migrations VALUES ($1, $2, now())', [
        migration.version,
        migration.name,
      ])
      await connection.run('COMMIT')
    } catch (error) {
      await connection.run('ROLLBACK')
      throw new Error(`migration ${migration.version} (${migration.name}) failed: ${String(error)}`, {
        cause: error,
      })
    }
    applied.push(migration.version)
  }
  return applied
}
