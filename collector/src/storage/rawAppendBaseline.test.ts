import { describe, expect, it } from 'vitest'
import { openStorage } from './openStorage.js'
import { rawAppendBaseline } from './rawAppendBaseline.js'
import { spanRow } from './testing/rows.js'
import { tempDir } from './testing/tempDir.js'

describe('rawAppendBaseline', () => {
  it('commits every row into otel_traces, group by group', async () => {
    const { dir, remove } = await tempDir()
    try {
      const rows = Array.from({ length: 250 }, (_, i) => spanRow(i))
      const result = await rawAppendBaseline(dir, rows, 100)
      expect(result.rows).toBe(250)
      expect(result.rowsPerSecond).toBeGreaterThan(0)
      const storage = await openStorage({ dataDir: dir })
      try {
        expect(await storage.getTrace(spanRow(249).traceId)).toHaveLength(2)
        expect(await storage.getTrace(spanRow(0).traceId)).toHaveLength(4)
      } finally {
        await storage.close()
      }
    } finally {
      await remove()
    }
  })
})
