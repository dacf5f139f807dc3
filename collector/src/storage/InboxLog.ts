import { type FileHandle, mkdir, open, readdir, readFile, rm, truncate } from 'node:fs/promises'
import { join } from 'node:path'
import type { EncodedGroups } from './StagedCommitter.js'

/** One table's file of a sealed segment. */
export interface SegmentFile {
  /** Index of the destination in `stagingTables`. */
  table: number
  path: string
  rows: number
  /** At least the bytes of the longest line (its chunk's), so the reader can size its buffer. */
  longestLine: number
}

/** A sealed generation of the inbox: appended to no more, waiting to be promoted. */
export interface Segment {
  generation: number
  rows: number
  files: SegmentFile[]
}

interface OpenFile extends SegmentFile {
  handle: FileHandle
  bytes: number
}

interface Generation {
  number: number
  rows: number
  files: (OpenFile | undefined)[]
}

const newline = new Uint8Array([0x0a])

/** `000000000042.0.ndjson`: generation, then table index. Zero-padded so names sort in order. */
const fileName = (generation: number, table: number): string =>
  `${String(generation).padStart(12, '0')}.${table}.ndjson`

const namePattern = /^(\d{12})\.(\d+)\.ndjson$/

/**
 * The durable inbox of accepted OTel rows, as plain files: each accepted write's staging lines are
 * appended to the current generation's file for their table and `fdatasync`ed before the write is
 * acknowledged — a few hundred microseconds, and no DuckDB transaction, WAL or checkpoint in the
 * client's path. The writer seals the current generation and promotes it into the tables with one
 * DuckDB `INSERT … SELECT` reading the files (`StagedCommitter.promoteSegment`), committing in the same
 * transaction that generations up to it are promoted (`otel_inbox_log`); only then are its files removed.
 * After a crash, files of generations above that mark are promoted again — exactly once, since the mark and
 * the rows commit together — after a torn last write (never acknowledged) is cut off.
 *
 * Not re-entrant: the writer calls one method at a time and seals only between appends.
 */
export class InboxLog {
  private current: Generation
  private directorySynced = false
  /** Handles of sealed generations' files, closed once their segment is promoted (or at close). */
  private readonly sealedHandles: FileHandle[] = []
  private readonly emptyPaths: string[] = []

  private constructor(
    private readonly dir: string,
    nextGeneration: number,
  ) {
    this.current = { number: nextGeneration, rows: 0, files: [] }
  }

  /**
   * Opens the inbox in `dir` (created when missing): deletes files of generations up to
   * `promotedThrough`, repairs the others and answers them, oldest first, for promotion.
   */
  static async open(dir: string, promotedThrough: number): Promise<{ log: InboxLog; pending: Segment[] }> {
    await mkdir(dir, { recursive: true })
    const byGeneration = new Map<number, SegmentFile[]>()
    let highest = promotedThrough
    for (const name of (await readdir(dir)).sort()) {
      const match = namePattern.exec(name)
      if (match === null) continue
      const generation = Number(match[1])
      const path = join(dir, name)
      highest = Math.max(highest, generation)
      if (generation <= promotedThrough) {
        await rm(path, { force: true })
        continue
      }
      const file = await repairFile(path, Number(match[2]))
      if (file.rows === 0) {
        await rm(path, { force: true })
        continue
      }
      byGeneration.set(generation, [...(byGeneration.get(generation) ?? []), file])
    }
    const pending = [...byGeneration]
      .sort(([a], [b]) => a - b)
      .map(([generation, files]) => ({
        generation,
        files,
        rows: files.reduce((sum, file) => sum + file.rows, 0),
      }))
    return { log: new InboxLog(dir, highest + 1), pending }
  }

  /** Rows appended to the current (unsealed) generation. */
  rows(): number {
    return this.current.rows
  }

  /**
   * Appends `groups[i]` (the encoded lines of each write, for table i) to the current generation and
   * makes them durable. On failure the files are cut back to where they were, so nothing of this call
   * stays, and the error is rethrown.
   */
  async append(groups: readonly EncodedGroups[]): Promise<void> {
    const generation = this.current
    const touched: { file: OpenFile; buffers: Uint8Array[]; rows: number; longest: number }[] = []
    for (let table = 0; table < groups.length; table++) {
      const buffers: Uint8Array[] = []
      let rows = 0
      let longest = 0
      for (const write of groups[table] ?? []) {
        for (const chunk of write.chunks) {
          buffers.push(chunk.bytes, newline)
          rows += chunk.rows
          // A chunk is one line, or lines shorter than the chunk.
          longest = Math.max(longest, chunk.bytes.length)
        }
      }
      if (rows === 0) continue
      const file = generation.files[table] ?? (await this.openFile(generation, table))
      touched.push({ file, buffers, rows, longest })
    }
    if (touched.length === 0) return
    try {
      if (!this.directorySynced) await this.syncDirectory()
      // Every write settles before any file is cut back, so none lands after its cut.
      await allOrFirstError(touched.map(({ file, buffers }) => writeAll(file.handle, buffers)))
      await allOrFirstError(touched.map(({ file }) => file.handle.datasync()))
    } catch (error) {
      await Promise.allSettled(touched.map(({ file }) => file.handle.truncate(file.bytes)))
      throw error
    }
    for (const { file, buffers, rows, longest } of touched) {
      file.bytes += buffers.reduce((sum, buffer) => sum + buffer.length, 0)
      file.rows += rows
      file.longestLine = Math.max(file.longestLine, longest)
      generation.rows += rows
    }
  }

  /**
   * Ends the current generation and answers it (undefined when it holds no row); appends from now on
   * go to the next one. Synchronous, so nothing can be appended in between; the files are closed later,
   * by {@link remove} or {@link close}.
   */
  seal(): Segment | undefined {
    const sealed = this.current
    this.current = { number: sealed.number + 1, rows: 0, files: [] }
    this.directorySynced = false
    const opened = sealed.files.filter((file): file is OpenFile => file !== undefined)
    this.sealedHandles.push(...opened.map((file) => file.handle))
    // A file opened for an append that then failed holds nothing: it goes when the handles close.
    this.emptyPaths.push(...opened.filter((file) => file.rows === 0).map((file) => file.path))
    const files = opened.filter((file) => file.rows > 0)
    if (files.length === 0) return undefined
    return {
      generation: sealed.number,
      rows: sealed.rows,
      files: files.map(({ table, path, rows, longestLine }) => ({ table, path, rows, longestLine })),
    }
  }

  /** Deletes a promoted segment's files. */
  async remove(segment: Segment): Promise<void> {
    await this.closeSealed()
    await Promise.all(segment.files.map((file) => rm(file.path, { force: true })))
  }

  /** Closes every file; unpromoted rows stay on disk for the next open. */
  async close(): Promise<void> {
    this.seal()
    await this.closeSealed()
  }

  private async closeSealed(): Promise<void> {
    const handles = this.sealedHandles.splice(0)
    await Promise.allSettled(handles.map((handle) => handle.close()))
    const empty = this.emptyPaths.splice(0)
    await Promise.allSettled(empty.map((path) => rm(path, { force: true })))
  }

  private async openFile(generation: Generation, table: number): Promise<OpenFile> {
    const path = join(this.dir, fileName(generation.number, table))
    const handle = await open(path, 'a')
    const file: OpenFile = { table, path, handle, rows: 0, bytes: 0, longestLine: 0 }
    generation.files[table] = file
    // A new file's name must reach the disk before anything in it is acknowledged.
    this.directorySynced = false
    return file
  }

  private async syncDirectory(): Promise<void> {
    const directory = await open(this.dir, 'r')
    try {
      await directory.sync()
    } finally {
      await directory.close()
    }
    this.directorySynced = true
  }
}

/** Waits for every promise to settle, then rethrows the first failure, if any. */
const allOrFirstError = async (promises: readonly Promise<unknown>[]): Promise<void> => {
  const failed = (await Promise.allSettled(promises)).find((result) => result.status === 'rejected')
  if (failed !== undefined) throw failed.reason
}

/** Writes every buffer, continuing after short writes. */
const writeAll = async (handle: FileHandle, buffers: Uint8Array[]): Promise<void> => {
  let pending = buffers
  while (pending.length > 0) {
    let { bytesWritten } = await handle.writev(pending)
    const rest: Uint8Array[] = []
    for (const buffer of pending) {
      if (bytesWritten >= buffer.length) {
        bytesWritten -= buffer.length
        continue
      }
      rest.push(buffer.subarray(bytesWritten))
      bytesWritten = 0
    }
    pending = rest
  }
}

/**
 * Counts a file's complete lines and cuts it after the last one that is sound. Only the end of a file
 * can be damaged (a write torn by a crash, never acknowledged), but a crash can leave zeros or a
 * partial line there, so every line is checked: the file is cut at the first one that is not a whole
 * JSON text ending in a newline.
 */
const repairFile = async (path: string, table: number): Promise<SegmentFile> => {
  const bytes = await readFile(path)
  let rows = 0
  let longestLine = 0
  let start = 0
  for (;;) {
    const end = bytes.indexOf(0x0a, start)
    if (end < 0 || !isSoundLine(bytes.subarray(start, end))) break
    longestLine = Math.max(longestLine, end - start)
    rows++
    start = end + 1
  }
  if (start < bytes.length) await truncate(path, start)
  return { table, path, rows, longestLine }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

const isSoundLine = (line: Uint8Array): boolean => {
  if (line.length === 0 || line.includes(0)) return false
  try {
    JSON.parse(strictUtf8.decode(line))
    return true
  } catch {
    return false
  }
}
