import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigError } from './ConfigError.js'
import { loadConfig } from './loadConfig.js'
import { redactConfig } from './redactConfig.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-apps-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const withFile = (lines: string[], env: Record<string, string> = {}) => {
  writeFileSync(join(dir, 'vigil.yaml'), lines.join('\n'))
  return loadConfig({ cwd: dir, env })
}

const issuesOf = (run: () => unknown): string[] => {
  try {
    run()
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.where}: ${issue.message}`)
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('apps', () => {
  const file = [
    'apps:',
    '  - name: shop',
    '    allowedOrigins: [https://shop.example]',
    '  - { name: admin, key: admin-key-1, allowedOrigins: ["*"] }',
  ]

  it('takes keys from VIGIL_RUM_KEYS, over the file', () => {
    const config = withFile(file, { VIGIL_RUM_KEYS: 'shop:shop-key-1, admin:admin-key-2' })
    expect(config.apps).toEqual([
      { name: 'shop', key: 'shop-key-1', allowedOrigins: ['https://shop.example'] },
      { name: 'admin', key: 'admin-key-2', allowedOrigins: ['*'] },
    ])
  })

  it('requires a key for every app, and refuses keys for unlisted apps', () => {
    expect(issuesOf(() => withFile(file))).toEqual([
      'apps[0]: apps[0].key is missing; set it in the file or as shop:<key> in VIGIL_RUM_KEYS',
    ])
    expect(issuesOf(() => withFile(file, { VIGIL_RUM_KEYS: 'shop:shop-key-1,blog:blog-key-1' }))).toEqual([
      'VIGIL_RUM_KEYS: names app blog, which apps does not list (apps: shop, admin)',
    ])
  })

  it('rejects origins with a path, repeated names and repeated keys, without quoting keys', () => {
    const issues = issuesOf(() =>
      withFile([
        'apps:',
        '  - { name: shop, key: same-key-1, allowedOrigins: [https://shop.example/app] }',
        '  - { name: shop, key: same-key-1, allowedOrigins: [] }',
      ]),
    )
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatch(
      /apps\[0\]\.allowedOrigins\[0\] must be an origin such as https:\/\/shop\.example/,
    )
    const repeats = issuesOf(() =>
      withFile([
        'apps:',
        '  - { name: shop, key: same-key-1, allowedOrigins: [] }',
        '  - { name: shop, key: same-key-1, allowedOrigins: [] }',
      ]),
    )
    expect(repeats.join('\n')).toMatch(/apps\[1\]\.name repeats the name of apps\[0\]/)
    expect(repeats.join('\n')).toMatch(/apps\[1\]\.key is the same as apps\[0\]\.key/)
    const short = issuesOf(() => withFile(['apps:', '  - { name: shop, key: tiny, allowedOrigins: [] }']))
    expect(short.join('\n')).not.toContain('tiny')
  })

  it('never prints app keys', () => {
    const config = withFile(file, { VIGIL_RUM_KEYS: 'shop:shop-key-1' })
    expect(config.apps[0]?.key).toBe('shop-key-1')
    for (const form of [
      JSON.stringify(config),
      inspect(config, { depth: null }),
      JSON.stringify(redactConfig(config)),
    ]) {
      expect(form).not.toMatch(/shop-key-1|admin-key-1/)
    }
    expect(redactConfig(config).apps[0]).toEqual({
      name: 'shop',
      key: '[redacted]',
      allowedOrigins: ['https://shop.example'],
    })
  })

  it('defaults to no apps', () => {
    expect(loadConfig({ cwd: dir, env: {} }).apps).toEqual([])
  })
})
