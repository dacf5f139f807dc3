import type { RumEvent } from '@vigil/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rumConnection } from '../testing/rumConnection.js'
import { rumRows } from '../testing/rumRows.js'
import { sampleEvent, sampleSentAt } from '../testing/sampleBatch.js'
import { queryRumErrors } from './queryRumErrors.js'

const ns = (ms: number) => BigInt(ms) * 1_000_000n
const window = { fromNs: ns(sampleSentAt - 3_600_000), toNs: ns(sampleSentAt + 1), limit: 10 }

let n = 0
const error = (
  fingerprint: string,
  message: string,
  extra: Partial<Extract<RumEvent, { type: 'error' }>> = {},
) =>
  sampleEvent(n++, {
    type: 'error',
    errorType: 'TypeError',
    message,
    stack: [{ fn: 'pay', file: 'https://shop.example/app.js', line: 10, col: 4 }],
    handled: false,
    fingerprint,
    ...extra,
  })

describe('queryRumErrors', () => {
  let db: Awaited<ReturnType<typeof rumConnection>>

  beforeAll(async () => {
    db = await rumConnection()
    await db.commit(
      rumRows([error('a', 'first'), error('a', 'second', { handled: true }), error('b', 'other')]),
    )
    await db.commit(rumRows([error('a', 'third', { suppressed: 3 })], { session: 's2', sampleRate: 0.5 }))
    await db.commit(rumRows([error('c', 'elsewhere')], { app: 'admin' }))
  })

  afterAll(async () => {
    await db.close()
  })

  it('groups by fingerprint with events, weighted occurrences and affected sessions', async () => {
    const groups = await queryRumErrors(db.connection, { ...window, app: 'shop' })
    expect(groups.map((g) => g.fingerprint)).toEqual(['a', 'b'])
    const [a] = groups
    expect(a).toMatchObject({ app: 'shop', events: 3, sessions: 2, errorType: 'TypeError', message: 'third' })
    // 1 + 1 sampled at rate 1, plus (1 + 3 suppressed) at rate 0.5.
    expect(a?.occurrences).toBe(1 + 1 + 4 / 0.5)
    expect(a?.unhandledShare).toBeCloseTo(2 / 3, 9)
    expect(a?.topFrame).toEqual({ fn: 'pay', file: 'https://shop.example/app.js', line: 10, col: 4 })
    expect(Date.parse(a?.lastSeen ?? '')).toBeGreaterThanOrEqual(Date.parse(a?.firstSeen ?? ''))
  })

  it('covers every app unless told, and honours the limit', async () => {
    expect((await queryRumErrors(db.connection, window)).map((g) => g.fingerprint).sort()).toEqual([
      'a',
      'b',
      'c',
    ])
    expect(await queryRumErrors(db.connection, { ...window, limit: 1 })).toHaveLength(1)
  })
})
