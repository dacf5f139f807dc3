import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CollectorProcess, repoRoot, startCollector, tempDataDir } from '../support/collectorProcess.js'
import { jsonTraceRequest, randomHex } from '../support/otlpJson.js'

const apiToken = 'e2e-api-token-0123456789abcdef'
const ingestKey = 'e2e-ingest-key-fedcba9876543210'

describe('secure by default: tokens, ingest keys, loopback', () => {
  const data = tempDataDir()
  let collector: CollectorProcess

  beforeAll(async () => {
    collector = await startCollector({
      dataDir: data.dir,
      env: { VIGIL_API_TOKEN: apiToken, VIGIL_INGEST_KEYS: `shop:${ingestKey}`, VIGIL_LOG_LEVEL: 'debug' },
    })
  })
  afterAll(async () => {
    await collector?.stop()
    data.remove()
  })

  it('refuses OTLP without a valid ingest key and accepts it as bearer or x-vigil-key', async () => {
    const ids = { traceId: randomHex(16), spanId: randomHex(8), name: 'keyed' }
    const body = JSON.stringify(jsonTraceRequest([ids]))
    const post = (headers: Record<string, string>) =>
      fetch(`${collector.url}/v1/traces`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
      })
    expect((await post({})).status).toBe(401)
    expect((await post({ authorization: 'Bearer wrong-key-wrong-key' })).status).toBe(401)
    expect((await post({ authorization: `Bearer ${ingestKey}` })).status).toBe(200)
    expect((await post({ 'x-vigil-key': ingestKey })).status).toBe(200)
  })

  it('protects /api with the bearer token but keeps health and docs open', async () => {
    expect((await fetch(`${collector.url}/api/services`)).status).toBe(401)
    expect(
      (
        await fetch(`${collector.url}/api/services`, {
          headers: { authorization: 'Bearer not-the-token-at-all' },
        })
      ).status,
    ).toBe(401)
    const ok = await fetch(`${collector.url}/api/services`, {
      headers: { authorization: `Bearer ${apiToken}` },
    })
    expect(ok.status).toBe(200)
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200)
    expect((await fetch(`${collector.url}/api/docs/json`)).status).toBe(200)
  })

  it('never writes a token or key to its logs', async () => {
    await fetch(`${collector.url}/api/traces/${'0'.repeat(32)}`, {
      headers: { authorization: `Bearer ${apiToken}` },
    })
    await fetch(`${collector.url}/v1/traces`, {
      method: 'POST',
      body: '{',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
    })
    const output = collector.output()
    expect(output.length).toBeGreaterThan(0)
    expect(output).not.toContain(apiToken)
    expect(output).not.toContain(ingestKey)
    // Client addresses are personal data: no request log line names one.
    expect(output).not.toMatch(/remoteAddress|remotePort/)
  })

  it('refuses to listen on a non-loopback address without an API token', () => {
    const result = spawnSync(
      process.execPath,
      [
        join(repoRoot, 'collector/dist/cli.js'),
        'collector',
        '--host',
        '0.0.0.0',
        '--port',
        '0',
        '--data',
        data.dir,
      ],
      { encoding: 'utf8', env: { ...process.env, VIGIL_API_TOKEN: '' }, timeout: 20_000 },
    )
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/token/i)
  })
})
