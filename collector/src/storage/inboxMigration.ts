import type { Migration } from './migrations.js'

/**
 * The inbox table of OTLP rows (see `StagedCommitter.promote`): rows of up to 64 Ki characters of staging
 * lines for one table, joined by newlines, as UTF-8; `Seq` numbers them in order and `Signal` is the index of
 * the destination in `stagingTables`. Since the file inbox (`InboxLog`, migration 6) it holds only segments
 * DuckDB refused to read from their files, and rows a version before it accepted. Rows a promotion could not
 * move are kept, with the reason, in `otel_inbox_rejected` rather than dropped.
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
