import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

// These run the compiled entry point, as `npx vigil` does; `npm test` builds it with `tsc -b` first.
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string
}

const cwd = mkdtempSync(join(tmpdir(), 'vigil-cli-'))
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('VIGIL_')),
)

const vigil = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [cli, ...args], {
    cwd,
    env: { ...cleanEnv, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })

describe('vigil CLI (compiled)', () => {
  it('is built (npm test runs tsc -b first)', () => expect(existsSync(cli)).toBe(true))

  it('exits 2 on a bad config file, printing only the located message', () => {
    const text = 'server:\n  port: 4318\nretention:\n  traces: 7 days\n'
    writeFileSync(join(cwd, 'bad.yaml'), text)
    const lines = text.slice(0, text.indexOf('7 days')).split('\n')
    const where = `bad.yaml:${lines.length}:${(lines.at(-1)?.length ?? 0) + 1}`

    const run = vigil(['collector', '--config', 'bad.yaml'])
    expect(run.status).toBe(2)
    expect(run.stderr).toBe(
      `${where}: retention.traces must be a duration such as 7d, 12h or 30m (got "7 days")\n`,
    )
    expect(run.stdout).toBe('')
  })

  it('exits 2 when asked to listen beyond loopback without a token, and never echoes a token', () => {
    const refused = vigil(['collector', '--host', '0.0.0.0'])
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/^--host: server\.host is 0\.0\.0\.0, .*auth\.apiToken is not set/)

    const shortToken = vigil(['collector'], { VIGIL_API_TOKEN: 'hunter2' })
    expect(shortToken.status).toBe(2)
    expect(shortToken.stderr).toMatch(/^VIGIL_API_TOKEN: /)
    expect(shortToken.stderr).not.toContain('hunter2')
  })

  it('exits 2 on a usage error, suggesting the flag meant', () => {
    const run = vigil(['collector', '--prot', '1'])
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('--port')
  })

  it('prints its version and help', () => {
    const versionRun = vigil(['--version'])
    expect(versionRun.status).toBe(0)
    expect(versionRun.stdout.trim()).toBe(version)

    const help = vigil(['collector', '--help'])
    expect(help.status).toBe(0)
    for (const flag of ['--host', '--port', '--data', '--config', 'VIGIL_API_TOKEN'])
      expect(help.stdout).toContain(flag)
  })
})
