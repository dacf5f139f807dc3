import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decodeThreads } from '../otlp/decodeThreads.js'
import { ConfigError } from './ConfigError.js'
import { type LoadConfigOptions, loadConfig } from './loadConfig.js'
import { defaultConfig } from './schema.js'

const second = 1000
const minute = 60 * second
const day = 24 * 60 * minute
const MiB = 1024 * 1024

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-config-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const write = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const load = (options: LoadConfigOptions = {}) => loadConfig({ env: {}, cwd: dir, ...options })

/** `line:col` (1-based) of the first occurrence of `needle` in `text`, counted independently of yaml. */
const positionOf = (text: string, needle: string, occurrence = 0): string => {
  let index = -1
  for (let i = 0; i <= occurrence; i++) index = text.indexOf(needle, index + 1)
  if (index < 0) throw new Error(`${needle} not in fixture`)
  const lines = text.slice(0, index).split('\n')
  return `${lines.length}:${(lines.at(-1)?.length ?? 0) + 1}`
}

const configError = (run: () => unknown): ConfigError => {
  try {
    run()
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig defaults', () => {
  it('applies every documented default when nothing is configured', () => {
    const config = load()
    expect(config).toEqual({
      server: { host: '127.0.0.1', port: 4318, bodyLimit: 16 * MiB, decodeThreads: decodeThreads() },
      data: { dir: resolve(dir, 'data') },
      auth: {},
      retention: { traces: 7 * day, logs: 7 * day, metrics: 30 * day, rum: 30 * day, interval: 10 * minute },
      queue: { maxRows: 50_000, retryAfter: 2 * second },
      limits: { maxAttributes: 1024, maxAttributeValueBytes: 65_536 },
      apps: [],
      log: { level: 'info' },
      slos: [],
    })
    expect(config).toEqual({ ...defaultConfig, data: { dir: resolve(dir, defaultConfig.data.dir) } })
  })

  it('treats an empty file like no file', () => {
    const withoutFile = load()
    write('vigil.yaml', '# nothing yet\n')
    expect(load()).toEqual(withoutFile)
  })

  it('converts every setting written in the file', () => {
    write(
      'vigil.yaml',
      [
        'server: { host: ::1, port: 9000, bodyLimit: 2MiB, decodeThreads: 3 }',
        'data: { dir: /var/lib/vigil }',
        'auth:',
        '  apiToken: abcdefghijklmnopqrstuvwxyz',
        '  ingestKeys:',
        '    - { name: web-shop, key: k-web }',
        '    - { name: checkout-api, key: k-api }',
        'retention: { traces: 3d, logs: 12h, metrics: 4w, rum: 90d, interval: 30s }',
        'queue: { maxRows: 5000, retryAfter: 5s }',
        'limits: { maxAttributes: 64, maxAttributeValueBytes: 4KiB }',
        'apps:',
        '  - { name: shop, key: shop-key-1, allowedOrigins: [https://shop.example, http://localhost:8080] }',
        'log: { level: debug }',
      ].join('\n'),
    )
    expect(load()).toEqual({
      server: { host: '::1', port: 9000, bodyLimit: 2 * MiB, decodeThreads: 3 },
      data: { dir: '/var/lib/vigil' },
      auth: {
        apiToken: 'abcdefghijklmnopqrstuvwxyz',
        ingestKeys: [
          { name: 'web-shop', key: 'k-web' },
          { name: 'checkout-api', key: 'k-api' },
        ],
      },
      retention: {
        traces: 3 * day,
        logs: 12 * 60 * minute,
        metrics: 28 * day,
        rum: 90 * day,
        interval: 30 * second,
      },
      queue: { maxRows: 5000, retryAfter: 5 * second },
      limits: { maxAttributes: 64, maxAttributeValueBytes: 4096 },
      apps: [
        {
          name: 'shop',
          key: 'shop-key-1',
          allowedOrigins: ['https://shop.example', 'http://localhost:8080'],
        },
      ],
      log: { level: 'debug' },
      slos: [],
    })
  })

  it('accepts a body limit given as a plain number of bytes', () => {
    write('vigil.yaml', 'server:\n  bodyLimit: 1048576\n')
    expect(load().server.bodyLimit).toBe(MiB)
  })
})

describe('loadConfig precedence', () => {
  const file =
    'server: { host: 127.0.0.2, port: 1001, bodyLimit: 1MiB, decodeThreads: 2 }\ndata: { dir: from-file }\nlog: { level: warn }\n'
  const env = {
    VIGIL_HOST: '127.0.0.3',
    VIGIL_PORT: '1002',
    VIGIL_DATA: 'from-env',
    VIGIL_BODY_LIMIT: '2MiB',
    VIGIL_DECODE_THREADS: '4',
    VIGIL_LOG_LEVEL: 'debug',
  }
  const flags = { host: '127.0.0.4', port: '1003', data: 'from-flag' }

  it('takes flags over the environment over the file over defaults', () => {
    write('vigil.yaml', file)
    const fromAll = load({ env, flags })
    expect(fromAll.server).toEqual({ host: '127.0.0.4', port: 1003, bodyLimit: 2 * MiB, decodeThreads: 4 })
    expect(fromAll.data.dir).toBe(join(dir, 'from-flag'))
    expect(fromAll.log.level).toBe('debug')

    const fromEnvAndFile = load({ env })
    expect(fromEnvAndFile.server).toEqual({
      host: '127.0.0.3',
      port: 1002,
      bodyLimit: 2 * MiB,
      decodeThreads: 4,
    })
    expect(fromEnvAndFile.data.dir).toBe(join(dir, 'from-env'))

    const fromFile = load()
    expect(fromFile.server).toEqual({ host: '127.0.0.2', port: 1001, bodyLimit: MiB, decodeThreads: 2 })
    expect(fromFile.log.level).toBe('warn')
  })

  it('overrides setting by setting, keeping the rest of a section', () => {
    write('vigil.yaml', file)
    const config = load({ env: { VIGIL_PORT: '2000' } })
    expect(config.server).toEqual({ host: '127.0.0.2', port: 2000, bodyLimit: MiB, decodeThreads: 2 })
    expect(config.retention).toEqual(defaultConfig.retention)
  })

  it('ignores empty environment variables', () => {
    write('vigil.yaml', file)
    expect(load({ env: { VIGIL_PORT: '', VIGIL_HOST: '  ' } }).server.port).toBe(1001)
  })

  it('reads paths in the file relative to the file, and flags relative to the working directory', () => {
    mkdirSync(join(dir, 'etc'))
    write('etc/vigil.yaml', 'data: { dir: ../state }\n')
    const work = mkdtempSync(join(dir, 'work-'))
    expect(load({ cwd: work, flags: { config: join(dir, 'etc/vigil.yaml') } }).data.dir).toBe(
      join(dir, 'state'),
    )
    expect(load({ cwd: work, flags: { data: 'here' } }).data.dir).toBe(join(work, 'here'))
  })

  it('finds the file through --config, then VIGIL_CONFIG, then ./vigil.yaml', () => {
    write('vigil.yaml', 'server: { port: 1 }\n')
    write('env.yaml', 'server: { port: 2 }\n')
    write('flag.yaml', 'server: { port: 3 }\n')
    expect(load().server.port).toBe(1)
    expect(load({ env: { VIGIL_CONFIG: 'env.yaml' } }).server.port).toBe(2)
    expect(load({ env: { VIGIL_CONFIG: 'env.yaml' }, flags: { config: 'flag.yaml' } }).server.port).toBe(3)
  })

  it('fails when a named file is missing, blaming what named it', () => {
    expect(configError(() => load({ flags: { config: 'missing.yaml' } })).message).toBe(
      '--config: config file missing.yaml does not exist',
    )
    expect(configError(() => load({ env: { VIGIL_CONFIG: 'gone.yaml' } })).message).toBe(
      'VIGIL_CONFIG: config file gone.yaml does not exist',
    )
  })
})

describe('loadConfig errors', () => {
  it('names file, line and column of a bad value, with the fix', () => {
    const text = 'server:\n  port: 4318\n\nretention:\n  logs: 7d\n  traces: 7 days\n'
    write('vigil.yaml', text)
    expect(configError(() => load()).message).toBe(
      `vigil.yaml:${positionOf(text, '7 days')}: retention.traces must be a duration such as 7d, 12h or 30m (got "7 days")`,
    )
  })

  it('names a file outside the working directory by its full path', () => {
    const text = 'server:\n  port: high\n'
    const path = write('elsewhere.yaml', text)
    const error = configError(() =>
      load({ cwd: mkdtempSync(join(tmpdir(), 'vigil-cwd-')), flags: { config: path } }),
    )
    expect(error.message).toBe(
      `${path}:${positionOf(text, 'high')}: server.port must be a whole number from 0 to 65535 (got "high")`,
    )
  })

  it('reports a YAML syntax error by file and line, without quoting the source', () => {
    const text = 'auth:\n  apiToken: "s3cret-token-value-123\nserver:\n  port: 1\n'
    write('vigil.yaml', text)
    const error = configError(() => load())
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]?.where).toMatch(/^vigil\.yaml:\d+:\d+$/)
    expect(error.message).toMatch(/invalid YAML/)
    expect(error.message).not.toContain('s3cret')
  })

  it('reports a duplicated key at the second occurrence', () => {
    const text = 'server:\n  port: 1\nserver:\n  port: 2\n'
    write('vigil.yaml', text)
    const where = configError(() => load()).issues[0]?.where
    expect(where).toBe(`vigil.yaml:${positionOf(text, 'server', 1)}`)
  })

  it('rejects an unknown key at its position, suggesting the close one', () => {
    const text = 'retention:\n  trace: 3d\n'
    write('vigil.yaml', text)
    expect(configError(() => load()).message).toBe(
      `vigil.yaml:${positionOf(text, 'trace')}: unknown key retention.trace; did you mean retention.traces?`,
    )
  })

  it('points a setting in the wrong section to the right one', () => {
    write('vigil.yaml', 'port: 80\n')
    expect(configError(() => load()).message).toBe(
      'vigil.yaml:1:1: unknown key port; did you mean server.port?',
    )
  })

  it('lists the valid keys when nothing is close', () => {
    write('vigil.yaml', 'queue:\n  shape: round\njourneys: []\n')
    expect(configError(() => load()).issues.map((issue) => issue.message)).toEqual([
      'unknown key queue.shape; queue takes maxRows, retryAfter',
      'unknown section journeys; the sections are server, data, auth, retention, queue, limits, apps, log',
    ])
  })

  it('lists every problem in file order', () => {
    const text = 'log:\n  level: loud\nserver:\n  port: -1\n  hots: x\n'
    write('vigil.yaml', text)
    expect(configError(() => load()).message.split('\n')).toEqual([
      `vigil.yaml:${positionOf(text, 'loud')}: log.level must be one of fatal, error, warn, info, debug, trace, silent (got "loud")`,
      `vigil.yaml:${positionOf(text, '-1')}: server.port must be a whole number from 0 to 65535 (got -1)`,
      `vigil.yaml:${positionOf(text, 'hots')}: unknown key server.hots; did you mean server.host?`,
    ])
  })

  it('enforces ranges that a pattern cannot express', () => {
    const text = 'retention:\n  interval: 30d\nserver:\n  bodyLimit: 100\n'
    write('vigil.yaml', text)
    expect(configError(() => load()).message.split('\n')).toEqual([
      `vigil.yaml:${positionOf(text, '30d')}: retention.interval must be at most 1d (got "30d")`,
      `vigil.yaml:${positionOf(text, '100')}: server.bodyLimit must be at least 1KiB (got 100)`,
    ])
  })

  it('requires a mapping at the top and in each section', () => {
    write('vigil.yaml', '- server\n')
    expect(configError(() => load()).message).toMatch(
      /^vigil\.yaml:1:1: the file must be a mapping of sections/,
    )
    write('vigil.yaml', 'server: 4318\n')
    expect(configError(() => load()).message).toBe(
      'vigil.yaml:1:9: server must be a mapping of settings (got 4318)',
    )
  })

  it('points at an ingest key entry that lacks its key, and at repeated names', () => {
    const text =
      'auth:\n  ingestKeys:\n    - name: web\n      key: one\n    - name: web\n      key: two\n    - name: api\n'
    write('vigil.yaml', text)
    expect(configError(() => load()).message).toBe(
      `vigil.yaml:${positionOf(text, 'name: api')}: auth.ingestKeys[2].key is missing; it must be a key without spaces`,
    )
    write('vigil.yaml', text.replace('    - name: api\n', ''))
    expect(configError(() => load()).message).toBe(
      `vigil.yaml:${positionOf(text, 'web', 1)}: auth.ingestKeys[1].name repeats the name of auth.ingestKeys[0]; give each app its own name`,
    )
  })
})

describe('loadConfig secure by default', () => {
  const token = 'a-token-that-is-long-enough'

  it('refuses a non-loopback host without a token, at the place the host was set', () => {
    const text = 'server:\n  host: 0.0.0.0\n'
    write('vigil.yaml', text)
    const fromFile = configError(() => load())
    expect(fromFile.issues[0]?.where).toBe(`vigil.yaml:${positionOf(text, '0.0.0.0')}`)
    expect(fromFile.message).toContain('auth.apiToken is not set')
    expect(fromFile.message).toContain('VIGIL_API_TOKEN')
    expect(configError(() => load({ flags: { host: '::' } })).issues[0]?.where).toBe('--host')
    expect(configError(() => load({ env: { VIGIL_HOST: '192.168.1.5' } })).issues[0]?.where).toBe(
      'VIGIL_HOST',
    )
  })

  it('accepts a non-loopback host once a token is set', () => {
    expect(load({ flags: { host: '0.0.0.0' }, env: { VIGIL_API_TOKEN: token } }).server.host).toBe('0.0.0.0')
  })

  it('accepts loopback hosts without a token', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost'])
      expect(load({ flags: { host } }).server.host).toBe(host)
  })

  it('rejects a short token without printing it', () => {
    const error = configError(() => load({ env: { VIGIL_API_TOKEN: 'hunter2' } }))
    expect(error.message).toMatch(
      /^VIGIL_API_TOKEN: auth\.apiToken must be a token of at least 16 characters/,
    )
    expect(error.message).toContain('(got 7 characters)')
    expect(error.message).not.toContain('hunter2')
  })

  it('never quotes a misplaced or mistyped secret from the file', () => {
    write(
      'vigil.yaml',
      'auth:\n  apiToken: [p4ssw0rd-p4ssw0rd]\n  ingestKeys:\n    - name: web\n      key: k e y\n',
    )
    const error = configError(() => load())
    expect(error.issues).toHaveLength(2)
    expect(error.message).not.toMatch(/p4ssw0rd|k e y/)
  })
})

describe('loadConfig environment', () => {
  it('reads VIGIL_INGEST_KEYS as comma-separated name:key pairs', () => {
    const config = load({ env: { VIGIL_INGEST_KEYS: ' web-shop:k1:with-colon , api:k2,' } })
    expect(config.auth.ingestKeys).toEqual([
      { name: 'web-shop', key: 'k1:with-colon' },
      { name: 'api', key: 'k2' },
    ])
  })

  it('replaces the file list of ingest keys rather than adding to it', () => {
    write('vigil.yaml', 'auth:\n  ingestKeys:\n    - { name: old, key: old-key }\n')
    expect(load({ env: { VIGIL_INGEST_KEYS: 'new:new-key' } }).auth.ingestKeys).toEqual([
      { name: 'new', key: 'new-key' },
    ])
  })

  it('rejects a malformed ingest key entry without quoting it', () => {
    const error = configError(() => load({ env: { VIGIL_INGEST_KEYS: 'web:k1,sekrit-key-only' } }))
    expect(error.message).toMatch(/^VIGIL_INGEST_KEYS: entry 2 of 2 must be written name:key/)
    expect(error.message).not.toContain('sekrit')
  })

  it('names the variable or flag of a bad value', () => {
    expect(configError(() => load({ env: { VIGIL_PORT: '43l8' } })).message).toBe(
      'VIGIL_PORT: server.port must be a whole number from 0 to 65535 (got "43l8")',
    )
    expect(configError(() => load({ flags: { port: '70000' } })).message).toBe(
      '--port: server.port must be a whole number from 0 to 65535 (got 70000)',
    )
    expect(configError(() => load({ env: { VIGIL_BODY_LIMIT: '16 megs' } })).message).toBe(
      'VIGIL_BODY_LIMIT: server.bodyLimit must be a size such as 512KiB, 16MiB or 1GiB, or a whole number of bytes (got "16 megs")',
    )
    expect(configError(() => load({ env: { VIGIL_DECODE_THREADS: '0' } })).message).toBe(
      'VIGIL_DECODE_THREADS: server.decodeThreads must be a whole number from 1 to 64 (got 0)',
    )
    expect(configError(() => load({ env: { VIGIL_LOG_LEVEL: 'verbose' } })).issues[0]?.where).toBe(
      'VIGIL_LOG_LEVEL',
    )
  })

  it('reports problems from the file, the environment and the flags together', () => {
    const text = 'log: { level: loud }\n'
    write('vigil.yaml', text)
    const error = configError(() => load({ env: { VIGIL_PORT: 'x' }, flags: { host: '' } }))
    expect(error.issues.map((issue) => issue.where)).toEqual([
      `vigil.yaml:${positionOf(text, 'loud')}`,
      'VIGIL_PORT',
      '--host',
    ])
  })
})
