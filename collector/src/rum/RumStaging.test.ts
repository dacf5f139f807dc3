import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildRumRows } from './buildRumRows.js'
import { parseUserAgent } from './parseUserAgent.js'
import type { RumRow } from './RumRow.js'
import { rumConnection } from './testing/rumConnection.js'
import { sampleBatch, sampleEvent, sampleSentAt } from './testing/sampleBatch.js'

const rows = (ids: number[], app = 'shop'): RumRow[] =>
  buildRumRows(
    sampleBatch(
      ids.map((n) =>
        sampleEvent(n, {
          type: 'web_vital',
          name: 'CLS',
          metricId: `m${n}`,
          value: n / 100,
          delta: n / 100,
          rating: 'good',
          navigationType: 'navigate',
          attribution: { target: 'div#x', largestShiftValue: 0.01 },
        }),
      ),
      { app },
    ),
    { receivedAt: sampleSentAt, client: parseUserAgent('Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0') },
  )

describe('RumStaging', () => {
  let db: Awaited<ReturnType<typeof rumConnection>>
  beforeEach(async () => {
    db = await rumConnection()
  })
  afterEach(async () => {
    await db.close()
  })

  const stored = async () => {
    const reader = await db.connection.runAndReadAll(
      'SELECT App, EventId FROM rum_events ORDER BY App, EventId',
    )
    return reader.getRowsJson()
  }

  it('stores every field of a new row', async () => {
    const [row] = rows([7])
    expect(await db.commit(row ? [row] : [])).toEqual([1])
    const reader = await db.connection.runAndReadAll(
      `SELECT EventId, Type, epoch_ms(Timestamp), ClientTime, App, SessionId, ViewId, Browser, SampleRate,
         Name, MetricId, Value, Rating, Detail->>'$.attribution.target' FROM rum_events`,
    )
    expect(reader.getRowsJson()).toEqual([
      [
        'e7',
        'web_vital',
        String(row?.timestamp),
        String(row?.clientTime),
        'shop',
        's1',
        'v1',
        'Firefox',
        1,
        'CLS',
        'm7',
        0.07,
        'good',
        'div#x',
      ],
    ])
  })

  it('stores a retried batch once and reports its rows as duplicates', async () => {
    expect(await db.commit(rows([1, 2, 3]))).toEqual([3])
    expect(await db.commit(rows([1, 2, 3, 4]))).toEqual([1])
    expect(await stored()).toHaveLength(4)
  })

  it('keeps one copy when concurrent writes in one group carry the same events', async () => {
    expect(await db.commit(rows([1, 2]), rows([2, 3]), rows([1, 2, 3]))).toEqual([2, 1, 0])
    expect(await stored()).toHaveLength(3)
  })

  it('dedupes a repeated id inside one batch', async () => {
    expect(await db.commit(rows([5, 5, 6]))).toEqual([2])
  })

  it('treats the same event id in another app as another event', async () => {
    expect(await db.commit(rows([1], 'shop'), rows([1], 'admin'))).toEqual([1, 1])
    expect(await stored()).toEqual([
      ['admin', 'e1'],
      ['shop', 'e1'],
    ])
  })
})
