import type { Migration } from './migrations.js'

/**
 * The mark of the file inbox (`InboxLog`): every generation up to `PromotedThrough` is in the tables.
 * A promotion moves that mark in the same transaction as the rows, so after a crash each generation is
 * either wholly in the tables and behind the mark, or wholly ahead of it and promoted again.
 */
export const inboxLogMigration: Migration = {
  version: 6,
  name: 'otel inbox log mark',
  statements: [
    'CREATE TABLE otel_inbox_log (PromotedThrough BIGINT NOT NULL)',
    'INSERT INTO otel_inbox_log VALUES (0)',
  ],
}
