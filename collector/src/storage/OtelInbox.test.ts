import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeBatch } from './encodeBatch.js'
import { OtelInbox } from './OtelInbox.js'
import { oneAtATime } from './oneAtATime.js'
import { StagedCommitter } from './StagedCommitter.js'
import { stagingTables } from './stagingTables.js'
import { type MigratedDatabase, migratedDatabase } from './testing/migratedDatabase.js'
import { spanRow } from './testing/rows.js'

const spans = (...ids: number[]) => {
  const batch = encodeBatch({ spans: ids.map((i) => spanRow(i)) })
  return [[batch.spans], [batch.logs], [batch.metrics]]
}

describe('OtelInbox', () => {
  let db: MigratedDatabase
  beforeEach(async () => {
    db = await migratedDatabase()
  })
  afterEach(async () => db.close())

  it('seals whole segments as they fill, promotes them, and the rest only when asked for everything', async () => {
    const committer = await StagedCommitter.create(db.connection, stagingTables)
    const inbox = await OtelInbox.open(join(db.dir, 'inbox'), committer, oneAtATime(), 2)
    await inbox.append(spans(0, 1))
    await inbox.append(spans(2))
    expect([inbox.rows(), inbox.readyRows()]).toEqual([3, 2])
    expect(await inbox.promote(false)).toEqual({ rows: 2, rejectedRows: 0 })
    expect(await db.count('SELECT count(*) FROM otel_traces')).toBe(2)
    expect([inbox.rows(), inbox.readyRows()]).toEqual([1, 0])
    expect(await inbox.promote(true)).toEqual({ rows: 1, rejectedRows: 0 })
    expect(await db.count('SELECT count(*) FROM otel_traces')).toBe(3)
    expect(await db.count('SELECT PromotedThrough FROM otel_inbox_log')).toBe(2)
    expect(await readdir(join(db.dir, 'inbox'))).toEqual([])
    await inbox.close()
  })

  it('moves only what was sealed when called, so a promotion ends however fast rows come in', async () => {
    const committer = await StagedCommitter.create(db.connection, stagingTables)
    let open = () => {}
    const gate = new Promise<void>((resolve) => {
      open = resolve
    })
    // Promotions wait at the gate, as they would behind a long transaction.
    const serialize = <T>(work: () => Promise<T>) => gate.then(work)
    const inbox = await OtelInbox.open(join(db.dir, 'inbox'), committer, serialize, 2)
    await inbox.append(spans(0, 1))
    const promotion = inbox.promote(false)
    await inbox.append(spans(2, 3))
    expect(inbox.readyRows()).toBe(4)
    open()
    expect(await promotion).toEqual({ rows: 2, rejectedRows: 0 })
    expect(inbox.readyRows()).toBe(2)
    await inbox.close()
  })

  it('hands a segment DuckDB refuses to the inbox table, which sets aside only the bad row', async () => {
    const committer = await StagedCommitter.create(db.connection, stagingTables)
    const inbox = await OtelInbox.open(join(db.dir, 'inbox'), committer, oneAtATime(), 1000)
    const bad = encodeBatch({ spans: [spanRow(9, { spanAttributes: '{"unterminated":' })] })
    await inbox.append(spans(0, 1, 2))
    await inbox.append([[bad.spans], [], []])
    await inbox.append(spans(3, 4))
    expect(await inbox.promote(true)).toEqual({ rows: 5, rejectedRows: 1 })
    expect(await db.count('SELECT count(*) FROM otel_traces')).toBe(5)
    expect(await db.count('SELECT sum(RowCount) FROM otel_inbox_rejected')).toBe(1)
    expect(await db.count('SELECT count(*) FROM otel_inbox')).toBe(0)
    expect(inbox.rows()).toBe(0)
    await inbox.close()
  })
})
