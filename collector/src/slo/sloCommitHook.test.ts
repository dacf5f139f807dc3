import type { Counts } from '@vigil/slo'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStorage } from '../storage/openStorage.js'
import type { Storage } from '../storage/Storage.js'
import { ns, spanRow } from '../storage/testing/rows.js'
import { tempDir } from '../storage/testing/tempDir.js'
import { sloCommitHook } from './sloCommitHook.js'
import { slosFrom } from './testing.js'

const slos = slosFrom(`
slos:
  - id: checkout-ok
    service: checkout
    sli: { source: spans, good: status, filter: {} }
    objective: 0.99
`)

describe('sloCommitHook in the storage commit path', () => {
  let storage: Storage
  let remove: () => Promise<void>
  const added: Map<string, Counts>[] = []
  beforeEach(async () => {
    const temp = await tempDir()
    remove = temp.remove
    added.length = 0
    storage = await openStorage({
      dataDir: temp.dir,
      commitHooks: [sloCommitHook(slos, (a) => added.push(new Map(a)))],
    })
  })
  afterEach(async () => {
    await storage.close()
    await remove()
  })

  it('rolls up every committed span in its minute and reports what it added after the commit', async () => {
    const minute = ns('2026-05-01T10:00:00Z')
    const rows = Array.from({ length: 10 }, (_, n) =>
      spanRow(n, {
        timestamp: minute + BigInt(n) * 10_000_000_000n,
        statusCode: n % 4 === 0 ? 'Error' : 'Ok',
        serviceName: n === 9 ? 'other' : 'checkout',
      }),
    )
    await storage.write({ spans: rows })
    // A late span for the first minute, in a later commit.
    await storage.write({ spans: [spanRow(50, { timestamp: minute + 5_000_000_000n, statusCode: 'Error' })] })
    const from = Date.parse('2026-05-01T00:00:00Z')
    const buckets = (await storage.sloBuckets(['checkout-ok'], from, from + 86_400_000)).get('checkout-ok')
    const expected = new Map<number, Counts>()
    for (const r of [...rows, spanRow(50, { timestamp: minute + 5_000_000_000n, statusCode: 'Error' })]) {
      if (r.serviceName !== 'checkout') continue
      const m = Math.floor(Number(r.timestamp / 1_000_000n) / 60_000) * 60_000
      const c = expected.get(m) ?? { good: 0, total: 0 }
      expected.set(m, { good: c.good + (r.statusCode === 'Error' ? 0 : 1), total: c.total + 1 })
    }
    expect(buckets).toEqual([...expected].sort(([a], [b]) => a - b).map(([m, c]) => ({ minute: m, ...c })))
    // Reports come once per commit that rolled something up; storage may group both writes into one.
    const reported = added.reduce(
      (sum, a) => {
        const c = a.get('checkout-ok') ?? { good: 0, total: 0 }
        return { good: sum.good + c.good, total: sum.total + c.total }
      },
      { good: 0, total: 0 },
    )
    const rolled = [...expected.values()].reduce((sum, c) => ({
      good: sum.good + c.good,
      total: sum.total + c.total,
    }))
    expect(reported).toEqual(rolled)
  })
})
