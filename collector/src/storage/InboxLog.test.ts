import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeBatch, linesOf } from './encodeBatch.js'
import { InboxLog } from './InboxLog.js'
import { logRow, spanRow } from './testing/rows.js'
import { tempDir } from './testing/tempDir.js'

/** One write's encoded lines per table (spans, logs, metrics), as the writer hands them over. */
const groupsOf = (spans: number[], logs: number[] = []) => {
  const batch = encodeBatch({ spans: spans.map((i) => spanRow(i)), logs: logs.map((i) => logRow(i)) })
  return [[batch.spans], [batch.logs], [batch.metrics]]
}

const linesIn = async (path: string) =>
  (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '')

describe('InboxLog', () => {
  let dir: string
  let remove: () => Promise<void>

  beforeEach(async () => {
    ;({ dir, remove } = await tempDir())
  })
  afterEach(async () => remove())

  it('appends each table to its own file of the generation, and seals it for promotion', async () => {
    const { log, pending } = await InboxLog.open(dir, 0)
    expect(pending).toEqual([])
    await log.append(groupsOf([0, 1], [2]))
    await log.append(groupsOf([3]))
    expect(log.rows()).toBe(4)
    const segment = log.seal()
    expect(log.rows()).toBe(0)
    expect(segment).toMatchObject({ generation: 1, rows: 4 })
    const spans = segment?.files.find((file) => file.table === 0)
    expect(spans?.rows).toBe(3)
    expect(await linesIn(spans!.path)).toEqual([
      ...linesOf(encodeBatch({ spans: [spanRow(0), spanRow(1)] }).spans),
      ...linesOf(encodeBatch({ spans: [spanRow(3)] }).spans),
    ])
    const longest = Math.max(...(await linesIn(spans!.path)).map((line) => Buffer.byteLength(line)))
    expect(spans?.longestLine).toBeGreaterThanOrEqual(longest)
    // Nothing new: no segment.
    expect(log.seal()).toBeUndefined()
    await log.close()
  })

  it('reopens with unpromoted generations pending, oldest first, and drops promoted ones', async () => {
    const first = await InboxLog.open(dir, 0)
    await first.log.append(groupsOf([0]))
    first.log.seal()
    await first.log.append(groupsOf([1, 2]))
    first.log.seal()
    await first.log.append(groupsOf([3]))
    await first.log.close()

    const { log, pending } = await InboxLog.open(dir, 1)
    expect(pending.map((segment) => [segment.generation, segment.rows])).toEqual([
      [2, 2],
      [3, 1],
    ])
    expect((await readdir(dir)).sort()).toEqual(['000000000002.0.ndjson', '000000000003.0.ndjson'])
    // New appends go to a generation after every existing one.
    await log.append(groupsOf([4]))
    expect(log.seal()?.generation).toBe(4)
    await log.close()
  })

  it('cuts a torn end (partial line, zeros) off a file, keeping every whole line before it', async () => {
    const first = await InboxLog.open(dir, 0)
    await first.log.append(groupsOf([0, 1]))
    await first.log.close()
    const path = join(dir, '000000000001.0.ndjson')
    const whole = await readFile(path)
    await appendFile(path, Buffer.concat([Buffer.from('{"ts":1,"tid":"ab'), Buffer.alloc(300)]))

    const { log, pending } = await InboxLog.open(dir, 0)
    expect(pending[0]?.rows).toBe(2)
    expect(await readFile(path)).toEqual(whole)
    await log.close()

    // Zeros with a newline after them (blocks written out of order) end the sound part too.
    await appendFile(path, Buffer.concat([Buffer.alloc(10), Buffer.from('\n{"a":1}\n')]))
    const again = await InboxLog.open(dir, 0)
    expect(again.pending[0]?.rows).toBe(2)
    expect(await readFile(path)).toEqual(whole)
    await again.log.close()
  })

  it('removes a file with no whole line at all', async () => {
    await writeFile(join(dir, '000000000005.0.ndjson'), '{"half":')
    const { log, pending } = await InboxLog.open(dir, 0)
    expect(pending).toEqual([])
    expect(await readdir(dir)).toEqual([])
    await log.close()
  })

  it('leaves nothing of an append that failed, in any of its files', async () => {
    const { log } = await InboxLog.open(dir, 0)
    await log.append(groupsOf([0]))
    // The spans file takes its lines; the logs file's write fails (its buffer is not one).
    const bad = groupsOf([1], [5])
    bad[1]![0]!.chunks[0]!.bytes = 'not bytes' as unknown as Uint8Array
    await expect(log.append(bad)).rejects.toThrow()
    await log.append(groupsOf([2]))
    const segment = log.seal()
    expect(segment?.rows).toBe(2)
    expect(await linesIn(segment!.files[0]!.path)).toEqual([
      ...linesOf(encodeBatch({ spans: [spanRow(0)] }).spans),
      ...linesOf(encodeBatch({ spans: [spanRow(2)] }).spans),
    ])
    await log.close()
  })
})
