import { afterAll, describe, expect, it } from 'vitest'
import { startCollector, tempDataDir } from '../support/collectorProcess.js'
import { jsonTraceRequest, randomHex } from '../support/otlpJson.js'

const spansPerRequest = 20
const concurrentClients = 4

describe('durability: every acknowledged span survives kill -9', () => {
  const data = tempDataDir()
  afterAll(() => data.remove())

  it('keeps all spans whose request got 200 after SIGKILL mid-stream', async () => {
    const collector = await startCollector({ dataDir: data.dir })
    const acknowledged: string[] = []
    let killed = false

    const client = async () => {
      while (!killed) {
        const traceId = randomHex(16)
        const spans = Array.from({ length: spansPerRequest }, (_, i) => ({
          traceId,
          spanId: randomHex(8),
          name: `stream-${i}`,
          attributes: [{ key: 'seq', value: { intValue: i } }],
        }))
        try {
          const response = await fetch(`${collector.url}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(jsonTraceRequest(spans, 'crash-stream')),
          })
          if (response.status === 200) acknowledged.push(traceId)
        } catch {
          // The connection died with the process: this request was never acknowledged.
        }
      }
    }
    const clients = Array.from({ length: concurrentClients }, client)
    // Kill once a good number of requests were acknowledged, while the clients keep streaming.
    while (acknowledged.length < 150) await new Promise((resolve) => setTimeout(resolve, 20))
    await collector.stop('SIGKILL')
    killed = true
    await Promise.all(clients)

    const restarted = await startCollector({ dataDir: data.dir })
    try {
      const missing: string[] = []
      for (const traceId of acknowledged) {
        const response = await fetch(`${restarted.url}/api/traces/${traceId}`)
        const count =
          response.status === 200 ? ((await response.json()) as { spans: unknown[] }).spans.length : 0
        if (count !== spansPerRequest) missing.push(`${traceId}: ${count}/${spansPerRequest}`)
      }
      expect(missing).toEqual([])
      expect(acknowledged.length).toBeGreaterThanOrEqual(150)
    } finally {
      await restarted.stop()
    }
  })
})
