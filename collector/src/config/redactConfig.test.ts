import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from './loadConfig.js'
import { redactConfig } from './redactConfig.js'

const token = 'tok-0123456789abcdef-secret'
const keys = ['key-web-9f8e7d', 'key-api-1a2b3c']

const loaded = () =>
  loadConfig({
    cwd,
    env: { VIGIL_API_TOKEN: token, VIGIL_INGEST_KEYS: `web:${keys[0]},api:${keys[1]}` },
    flags: { host: '0.0.0.0' },
  })

// A directory of its own, so that no vigil.yaml lying around takes part.
const cwd = mkdtempSync(join(tmpdir(), 'vigil-redact-'))
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

const leaks = (text: string): boolean => [token, ...keys].some((secret) => text.includes(secret))

describe('redactConfig', () => {
  it('replaces the token and keys, keeping key names and everything else', () => {
    const config = loaded()
    const safe = redactConfig(config)
    expect(safe.auth).toEqual({
      apiToken: '[redacted]',
      ingestKeys: [
        { name: 'web', key: '[redacted]' },
        { name: 'api', key: '[redacted]' },
      ],
    })
    expect({ ...safe, auth: {} }).toEqual({ ...config, auth: {} })
    expect(leaks(JSON.stringify(safe))).toBe(false)
  })

  it('leaves an absent token absent', () => {
    const safe = redactConfig(loadConfig({ cwd, env: {} }))
    expect(safe.auth).toEqual({})
  })
})

describe('a loaded config in string form', () => {
  it('still gives code the real secrets', () => {
    const config = loaded()
    expect(config.auth.apiToken).toBe(token)
    expect(config.auth.ingestKeys?.map((entry) => entry.key)).toEqual(keys)
  })

  it('hides them from JSON, inspect and console-style formatting', () => {
    const config = loaded()
    const forms = [
      JSON.stringify(config),
      JSON.stringify(config.auth),
      JSON.stringify(config.auth.ingestKeys),
      inspect(config, { depth: null }),
      inspect(config.auth.ingestKeys, { depth: null }),
      `${inspect(config.auth)}`,
    ]
    for (const form of forms) expect(leaks(form), form).toBe(false)
    expect(JSON.parse(JSON.stringify(config)).auth.apiToken).toBe('[redacted]')
  })
})
