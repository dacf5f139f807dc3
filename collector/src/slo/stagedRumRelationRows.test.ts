import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RumRow } from '../rum/RumRow.js'
import { rumConnection } from '../rum/testing/rumConnection.js'
import { rumRow } from '../rum/testing/rumRow.js'
import { stagedRumRelation } from './stagedRumRelation.js'

const at = (hms: string) => Date.parse(`2026-03-01T${hms}Z`)

/** Marks the rows of the commit under test (`receivedAt`), so they can be staged again as new. */
const examined = at('12:00:00')

const vital = (
  eventId: string,
  hms: string,
  metricId: string | null,
  value: number,
  over: Partial<RumRow> = {},
) =>
  rumRow({
    eventId,
    type: 'web_vital',
    timestamp: at(hms),
    viewId: 'v2',
    name: 'LCP',
    metricId,
    value,
    ...over,
  })

const earlier = [
  rumRow({ eventId: 'pv1', type: 'page_view', timestamp: at('10:00:00'), viewId: 'v1' }),
  rumRow({ eventId: 'old-error', type: 'error', timestamp: at('10:01:00'), viewId: 'v1' }),
  rumRow({ eventId: 'pv2', type: 'page_view', timestamp: at('10:00:30'), viewId: 'v2' }),
  // A page view older than the lookback from the commit's earliest event does not make its view known.
  rumRow({
    eventId: 'pv-stale',
    type: 'page_view',
    timestamp: at('10:00:00') - 2 * 86_400_000,
    viewId: 'v-stale',
  }),
  vital('m1-first', '10:00:40', 'm1', 3000),
  vital('m2-first', '10:00:41', 'm2', 1000),
]

const mark = (rows: RumRow[]) => rows.map((r) => ({ ...r, receivedAt: examined }))

const commitRows = mark([
  // v1 had an error stored before: none of its new errors is its first.
  rumRow({ eventId: 'e1', type: 'error', timestamp: at('10:05:00'), viewId: 'v1' }),
  // Another app's event with the same id does not hide v1's stored error.
  rumRow({ eventId: 'old-error', type: 'error', timestamp: at('10:05:00'), viewId: 'v1', app: 'admin' }),
  // v2's first error is the earliest of the commit's.
  rumRow({ eventId: 'e3', type: 'error', timestamp: at('10:06:00'), viewId: 'v2' }),
  rumRow({ eventId: 'e2', type: 'error', timestamp: at('10:05:30'), viewId: 'v2' }),
  // v4's page view comes in the same commit as its error, after it in the batch.
  rumRow({ eventId: 'e4', type: 'error', timestamp: at('10:04:30'), viewId: 'v4' }),
  rumRow({ eventId: 'pv4', type: 'page_view', timestamp: at('10:04:00'), viewId: 'v4', sampleRate: 0.5 }),
  rumRow({ eventId: 'e-unknown', type: 'error', timestamp: at('10:05:00'), viewId: 'v-unknown' }),
  rumRow({ eventId: 'e-stale', type: 'error', timestamp: at('10:05:00'), viewId: 'v-stale' }),
  // m1 reported twice more: the newest counts, the stored one is withdrawn, the middle one never counts.
  vital('m1-second', '10:05:00', 'm1', 2000),
  vital('m1-third', '10:06:00', 'm1', 2500, { sampleRate: 0.25 }),
  // A vital without a metric instance cannot be told apart from its other reports: it never counts.
  vital('no-metric', '10:05:00', null, 100),
  // A new metric instance only adds.
  vital('m3-first', '10:05:10', 'm3', 900),
])

type RelationRow = [
  type: string,
  sign: number,
  viewTs: number,
  firstError: boolean,
  value: number | null,
  ts: number,
]

describe('stagedRumRelation rows', () => {
  let db: Awaited<ReturnType<typeof rumConnection>>
  const source = stagedRumRelation()
  beforeEach(async () => {
    db = await rumConnection()
    for (const statement of source.setup) await db.connection.run(statement)
    await db.commit(earlier)
    await db.commit(commitRows)
  })
  afterEach(async () => db.close())

  /** Stages the examined commit's rows as new, stored already or not yet, and reads the relation. */
  const relationRows = async (storedYet: boolean): Promise<RelationRow[]> => {
    const c = db.connection
    await c.run('BEGIN TRANSACTION')
    try {
      await c.run(
        `INSERT INTO staging_rum_fresh SELECT 0, * FROM rum_events WHERE epoch_ms(ReceivedAt) = ${examined}`,
      )
      if (!storedYet) await c.run(`DELETE FROM rum_events WHERE epoch_ms(ReceivedAt) = ${examined}`)
      for (const statement of source.prepare) await c.run(statement)
      const reader = await c.runAndReadAll(
        `SELECT EventType, Sign, epoch_ms(ViewTimestamp), FirstErrorOfView, VitalValue, epoch_ms(Timestamp)
        FROM ${source.relation} ORDER BY ALL`,
      )
      for (const statement of source.clear) await c.run(statement)
      const left = await c.runAndReadAll(`SELECT count(*)::INTEGER FROM ${source.relation}`)
      expect(left.getRowsJS()).toEqual([[0]])
      return reader
        .getRowsJS()
        .map(([type, sign, viewTs, first, value, ts]) => [
          String(type),
          Number(sign),
          Number(viewTs),
          first === true,
          value === null ? null : Number(value),
          Number(ts),
        ])
    } finally {
      await c.run('ROLLBACK')
    }
  }

  it('marks first errors of known views, keeps the newest report of each metric and withdraws the stored one', async () => {
    const own = (r: RumRow) => r.timestamp
    const byId = (app: string, id: string) => {
      const found = commitRows.find((r) => r.app === app && r.eventId === id)
      if (!found) throw new Error(`no row ${id}`)
      return found
    }
    const event = (id: string, viewTs: number, first: boolean, app = 'shop'): RelationRow => {
      const r = byId(app, id)
      return [r.type, 1, viewTs, first, r.value, own(r)]
    }
    const pv4 = byId('shop', 'pv4').timestamp
    const expected: RelationRow[] = [
      event('e1', at('10:00:00'), false),
      event('old-error', byId('admin', 'old-error').timestamp, false, 'admin'),
      event('e2', at('10:00:30'), true),
      event('e3', at('10:00:30'), false),
      event('e4', pv4, true),
      event('pv4', pv4, false),
      event('e-unknown', byId('shop', 'e-unknown').timestamp, false),
      event('e-stale', byId('shop', 'e-stale').timestamp, false),
      event('m1-third', at('10:00:30'), false),
      event('m3-first', at('10:00:30'), false),
      ['web_vital', -1, at('10:00:40'), false, 3000, at('10:00:40')],
    ]
    const sorted = (rows: RelationRow[]) =>
      [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    expect(sorted(await relationRows(true))).toEqual(sorted(expected))
    expect(sorted(await relationRows(false))).toEqual(sorted(expected))
  })
})
