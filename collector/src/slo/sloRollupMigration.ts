import type { Migration } from '../storage/migrations.js'

/**
 * Minute rollups of every native SLI. `slo_minutes` holds one row per SLO and minute (what status,
 * series and reports read); `slo_minute_slices` the same counts split by one dimension at a time
 * (route, release, browser, country, service), read only by attribution. Two tables keep the hot
 * path small: a status query never scans dimension rows. Counts are weighted (DOUBLE); `minute` is
 * epoch ms. The primary keys serve the commit-time upserts.
 */
export const sloRollupMigration: Migration = {
  version: 4,
  name: 'slo minute rollups',
  statements: [
    `CREATE TABLE slo_minutes (
      slo VARCHAR NOT NULL,
      minute BIGINT NOT NULL,
      good DOUBLE NOT NULL,
      total DOUBLE NOT NULL,
      PRIMARY KEY (slo, minute)
    )`,
    `CREATE TABLE slo_minute_slices (
      slo VARCHAR NOT NULL,
      dimension VARCHAR NOT NULL,
      value VARCHAR NOT NULL,
      minute BIGINT NOT NULL,
      good DOUBLE NOT NULL,
      total DOUBLE NOT NULL,
      PRIMARY KEY (slo, dimension, value, minute)
    )`,
  ],
}
