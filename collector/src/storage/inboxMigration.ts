import type { Migration } from './migrations.js'

/**
 * The durable inbox of OTLP rows (see `StagedCommitter`): rows of up to 64 Ki characters of one
 * accepted write's staging lines for one table, joined by newlines, as UTF-8 (JSON text never contains a raw
 * newline); `Seq` numbers them in order and `Signal` is the index of the destination in `stagingTables`. Rows a promotion could not move are kept, with the
 * reason, in `otel_inbox_rejected` rather than dropped.
 */
export const inboxMigration: Migration = {
  version: 5,
  name: 'otel inbox',
  statements: [
    `CREATE TABLE otel_inbox (
      Seq BIGINT NOT NULL,
      Signal UTINYINT NOT NULL,
      RowCount UINTEGER NOT NULL,
      Lines BLOB NOT NULL
    )`,
    `CREATE TABLE otel_inbox_rejected (
      RejectedAt TIMESTAMPTZ NOT NULL,
      Signal UTINYINT NOT NULL,
      RowCount UINTEGER NOT NULL,
      Lines BLOB NOT NULL,
      Error VARCHAR NOT NULL
    )`,
  ],
}
