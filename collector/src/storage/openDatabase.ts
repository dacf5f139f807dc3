import { availableParallelism } from 'node:os'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { sqlString } from '../slo/sqlLiteral.js'

/**
 * DuckDB threads: one fewer than the machine's cores. The process's own two busy threads (HTTP on the main
 * thread, decoding on the worker) need about one core at full load; DuckDB gets the rest. On 2 cores, one
 * DuckDB thread moved more rows per second through the whole collector than two (alternating runs: 52–55 k vs
 * 45–47 k spans/s stored, collector CPU 25–31 vs 31–33 µs per span): the promotions then never take the core
 * the acknowledgements run on.
 */
export const duckDbThreads = (cores: number = availableParallelism()): number => Math.max(1, cores - 1)

/**
 * DuckDB's `memory_limit` for `threads`, in MB. DuckDB's buffer pool defaults to 80% of the machine's memory and
 * keeps table blocks cached; bounding it keeps the collector's resident memory predictable (larger work spills to
 * `<file>.tmp`), and DuckDB fills what it is given, so this moves the collector's peak RSS one for one (ingest
 * benchmark: 128 MB → 533–582 MB, 96 MB → 467–514 MB, 80 MB → 450–480 MB, 64 MB → 436–465 MB).
 *
 * Every thread inserting into a row group holds buffers of its own: promoting one row group of the benchmark's
 * spans ran out of memory with 2 threads at 64 MB and with 3 at 96 MB, and succeeded with 2 at 96 MB and 3 at
 * 128 MB (about 30 MB per thread). Hence 64 MB for the first thread and 40 MB for each further one. 64 MB for one
 * thread since promotions take sealed row groups first: in alternating runs then, it stored as many spans per
 * second as 80 MB or more (protobuf 52–56 k vs 49–52 k, JSON 42–45 k vs 38–42 k) with 15–30 MB less peak RSS.
 * The demo's history backfill holds at 64 MB since the SLO rollup of a RUM commit runs as small statements
 * (`slo/stagedRumRelation.ts`): as one statement, its hash joins and aggregates took about 130 MB of fixed-size
 * blocks at once and the RUM commits ran out of memory.
 */
export const memoryLimitMb = (threads: number): number => 64 + 40 * (threads - 1)

/**
 * DuckDB settings for `threads` DuckDB threads. A larger checkpoint threshold than DuckDB's 16 MB means fewer,
 * larger checkpoints inside commits, which measured faster for sustained ingest; the WAL replayed after a crash
 * stays small. Insertion order is not preserved within one `INSERT … SELECT`: every query orders explicitly, and
 * letting DuckDB parallelise the staging conversion without an order-restoring step measured faster.
 */
export const duckDbSettings = (threads: number = duckDbThreads()): Readonly<Record<string, string>> => ({
  memory_limit: `${memoryLimitMb(threads)}MB`,
  checkpoint_threshold: '64MB',
  preserve_insertion_order: 'false',
  threads: String(threads),
})

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
 * Opens `path` with {@link duckDbSettings} and {@link RowGroupRows}. DuckDB takes a row group size only
 * when attaching, so the instance itself is in memory and the file is attached to it. `threads` overrides the
 * number of DuckDB threads (tests of other machines' settings).
 */
export const openDatabase = async (
  path: string,
  { threads }: { threads?: number } = {},
): Promise<Database> => {
  const instance = await DuckDBInstance.create(':memory:', {
    ...duckDbSettings(threads),
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
