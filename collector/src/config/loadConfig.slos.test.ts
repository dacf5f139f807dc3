import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigError } from './ConfigError.js'
import { loadConfig } from './loadConfig.js'

describe('loadConfig: slos', () => {
  let cwd: string
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'vigil-config-slos-'))
  })
  afterEach(async () => rm(cwd, { recursive: true, force: true }))

  it('reads the slos list with the SLO parser, next to the other sections', async () => {
    await writeFile(
      join(cwd, 'vigil.yaml'),
      [
        'server:',
        '  port: 4999',
        'slos:',
        '  - id: pay',
        '    service: payments',
        '    sli: { source: spans, good: status, filter: {} }',
        '    objective: 99.9%',
        '',
      ].join('\n'),
    )
    const config = loadConfig({ cwd, env: {} })
    expect(config.server.port).toBe(4999)
    expect(config.slos.map((s) => [s.id, s.objective])).toEqual([['pay', 0.999]])
  })

  it('has no SLOs without the section', async () => {
    await writeFile(join(cwd, 'vigil.yaml'), 'server:\n  port: 4999\n')
    expect(loadConfig({ cwd, env: {} }).slos).toEqual([])
  })

  it('reports SLO errors with file, line and column', async () => {
    await writeFile(
      join(cwd, 'vigil.yaml'),
      [
        'slos:',
        '  - id: pay',
        '    service: payments',
        '    sli: { source: spans, good: status, filter: {} }',
        '    objective: 99.9',
        '',
      ].join('\n'),
    )
    let error: unknown
    try {
      loadConfig({ cwd, env: {} })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const issue = (error as ConfigError).issues[0]
    expect(issue?.where).toBe('vigil.yaml:5:16')
    expect(issue?.message).toMatch(/objective.*fix: /)
  })
})
