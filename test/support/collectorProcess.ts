import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root, found from this file whether it runs from `test/support` or `test/dist/support`. */
const findRepoRoot = (from: string): string =>
  existsSync(join(from, 'collector', 'package.json')) ? from : findRepoRoot(dirname(from))
export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)))
const cliPath = join(repoRoot, 'collector/dist/cli.js')

export interface CollectorProcess {
  url: string
  dataDir: string
  process: ChildProcess
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string
  /** Sends a signal and waits for the exit; resolves with the exit code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export interface StartOptions {
  dataDir?: string
  args?: string[]
  env?: Record<string, string>
}

/** A fresh temporary data directory, removed by the returned cleanup. */
export const tempDataDir = (): { dir: string; remove(): void } => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * Starts the real collector process (`vigil collector`) on a free loopback port and resolves once it listens.
 */
export const startCollector = async (options: StartOptions = {}): Promise<CollectorProcess> => {
  const dataDir = options.dataDir ?? tempDataDir().dir
  const child = spawn(
    process.execPath,
    [cliPath, 'collector', '--host', '127.0.0.1', '--port', '0', '--data', dataDir, ...(options.args ?? [])],
    { env: { ...process.env, VIGIL_LOG_LEVEL: 'info', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)))
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/[^\s"]+)/.exec(output)
      if (match) resolveUrl(match[1]!)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) =>
      reject(new Error(`collector exited with ${code} before listening:\n${output}`)),
    )
    setTimeout(() => reject(new Error(`collector did not start within 30 s:\n${output}`)), 30_000).unref()
  })
  return {
    url,
    dataDir,
    process: child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      const timeout = new Promise<'timeout'>((resolveTimeout) =>
        setTimeout(resolveTimeout, 30_000, 'timeout').unref(),
      )
      const outcome = await Promise.race([exited, timeout])
      if (outcome !== 'timeout') return outcome
      child.kill('SIGKILL')
      throw new Error(`collector did not exit within 30 s of ${signal}:\n${output.slice(-4000)}`)
    },
  }
}
