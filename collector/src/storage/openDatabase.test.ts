import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodeBatch } from './encodeBatch.js'
import { OtelInbox } from './OtelInbox.js'
import { oneAtATime } from './oneAtATime.js'
import { duckDbSettings, duckDbThreads, memoryLimitMb, RowGroupRows } from './openDatabase.js'
import { StagedCommitter } from './StagedCommitter.js'
import { stagingTables } from './stagingTables.js'
import { migratedDatabase } from './testing/migratedDatabase.js'
import { spanRow } from './testing/rows.js'

/** A span as services send them: 10 attributes, 2 events with attributes, 5 resource attributes. */
const realisticSpan = (n: number) =>
  spanRow(n, {
    resourceAttributes: JSON.stringify({
      'service.name': 'catalog',
      'service.version': '2.3.1',
      'deployment.environment.name': 'test',
      'host.name': `host-${n % 3}`,
      'service.instance.id': `instance-${n % 7}`,
    }),
    spanAttributes: JSON.stringify({
      'http.request.method': 'GET',
      'http.route': '/product/:id',
      'http.response.status_code': n % 50 === 0 ? 500 : 200,
      'url.path': `/product/${n}`,
      'server.address': 'catalog.internal',
      'server.port': 8080,
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36',
      'journey.name': 'checkout',
      'journey.step': 'product',
      'session.id': `session-${n % 997}`,
    }),
    events: [
      {
        timestamp: 1n,
        name: 'cache.lookup',
        attributes: `{"cache.hit":true,"cache.key":"k-${n}"}`,
        droppedAttributesCount: 0,
      },
      {
        timestamp: 2n,
        name: 'db.query',
        attributes: `{"db.system.name":"duckdb","db.rows":${n % 40}}`,
        droppedAttributesCount: 0,
      },
    ],
  })

describe('DuckDB settings', () => {
  it('run one thread fewer than the cores, and give each further thread memory of its own', () => {
    expect([duckDbThreads(1), duckDbThreads(2), duckDbThreads(8)]).toEqual([1, 1, 7])
    expect(duckDbSettings(1)).toMatchObject({ threads: '1', memory_limit: '64MB' })
    expect(memoryLimitMb(3)).toBeGreaterThan(memoryLimitMb(2))
  })

  // A promotion of a whole row group is the largest statement ingest runs. Each DuckDB thread that inserts holds
  // buffers of its own: with one fixed limit, a machine with more cores ran these out of memory (at 64 MB with 2
  // threads, at 96 MB with 3), the inbox stopped draining and every request got 503.
  it.each([1, 2, 3])(
    'let a promotion of a whole row group of spans fit with %i DuckDB threads',
    async (threads) => {
      const db = await migratedDatabase({ threads })
      try {
        const committer = await StagedCommitter.create(db.connection, stagingTables)
        const inbox = await OtelInbox.open(join(db.dir, 'inbox'), committer, oneAtATime(), RowGroupRows)
        const perRequest = 4096
        for (let start = 0; start < RowGroupRows; start += perRequest) {
          const rows = Array.from({ length: perRequest }, (_, i) => realisticSpan(start + i))
          const batch = encodeBatch({ spans: rows }, 'well-formed')
          await inbox.append([[batch.spans], [batch.logs], [batch.metrics]])
        }
        expect(inbox.readyRows()).toBe(RowGroupRows)
        expect(await inbox.promote(false)).toEqual({ rows: RowGroupRows, rejectedRows: 0 })
        expect(await db.count('SELECT count(*) FROM otel_traces')).toBe(RowGroupRows)
        await inbox.close()
      } finally {
        await db.close()
      }
    },
    60_000,
  )
})
