import { availableParallelism } from 'node:os'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { sqlString } from '../slo/sqlLiteral.js'

/**
 * DuckDB settings. A larger checkpoint threshold than DuckDB's 16 MB means fewer, larger checkpoints
 * inside commits, which measured faster for sustained ingest; the WAL replayed after a crash stays small.
 * Insertion order is not preserved within one `INSERT … SELECT`: every query orders explicitly, and letting
 * DuckDB parallelise the staging conversion without an order-restoring step measured faster.
 */
export const DuckDbSettings: Readonly<Record<string, string>> = {
  // DuckDB's buffer pool defaults to 80% of the machine's memory and keeps table blocks cached; bounding it keeps
  // the collector's resident memory predictable (larger work spills to `<file>.tmp`). DuckDB fills what it is
  // given, so this moves the collector's peak RSS one for one (ingest benchmark: 128 MB → 533–582 MB, 96 MB →
  // 467–514 MB, 80 MB → 450–480 MB, 64 MB → 436–465 MB). 64 MB since promotions take sealed row groups first: in
  // alternating runs then, 64 MB stored as many spans per second as 80 MB or more (protobuf 52–56 k vs 49–52 k,
  // JSON 42–45 k vs 38–42 k) with 15–30 MB less peak RSS; before that change, promotions slowed down below 80 MB.
  // The demo's history backfill holds at 64 MB since the SLO rollup of a RUM commit runs as small statements
  // (`slo/stagedRumRelation.ts`): as one statement, its hash joins and aggregates took about 130 MB of
  // fixed-size blocks at once and the RUM commits ran out of memory.
  memory_limit: '64MB',
  checkpoint_threshold: '64MB',
  preserve_insertion_order: 'false',
  // The process's own two busy threads (HTTP on the main thread, decoding on the worker) need about one
  // core at full load; DuckDB gets the rest. On 2 cores, one DuckDB thread moved more rows per second
  // through the whole collector than two (32–37 k vs 26–31 k spans/s stored in alternating runs, collector CPU
  // 40–43 vs 54 µs per span): the promotions then never take the core the acknowledgements run on.
  threads: String(Math.max(1, availableParallelism() - 1)),
}

/**
 * Rows per DuckDB row group in the collector's file (DuckDB's default is 122 880). A transaction that
 * appends at least a row group's worth of rows writes them straight into the database file, compressed,
 * instead of into the WAL and again at the next checkpoint — the cheapest way in by far. Smaller row groups
 * let the writer move the inbox in smaller steps (less memory, shorter pauses) at nearly that cost, and
 * give time filters finer zone maps.
 */
export const RowGroupRows = 32_768

/** Name under which the file is attached; every connection uses it as its default database. */
const DatabaseName = 'vigil'

/** The collector's DuckDB file, opened with its settings; every connection reads and writes that file. */
export interface Database {
  connect(): Promise<DuckDBConnection>
  close(): void
}

/**
 * Opens `path` with {@link DuckDbSettings} and {@link RowGroupRows}. DuckDB takes a row group size only
 * when attaching, so the instance itself is in memory and the file is attached to it.
 */
export const openDatabase = async (path: string): Promise<Database> => {
  const instance = await DuckDBInstance.create(':memory:', {
    ...DuckDbSettings,
    temp_directory: `${path}.tmp`,
  })
  try {
    const setup = await instance.connect()
    try {
      await setup.run(`ATTACH ${sqlString(path)} AS ${DatabaseName} (ROW_GROUP_SIZE ${RowGroupRows})`)
    } finally {
      setup.closeSync()
    }
  } catch (error) {
    instance.closeSync()
    throw error
  }
  return {
    async connect() {
      const connection = await instance.connect()
      await connection.run(`USE ${DatabaseName}`)
      return connection
    },
    close: () => instance.closeSync(),
  }
}
