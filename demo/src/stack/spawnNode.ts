import { type ChildProcess, spawn } from 'node:child_process'

/** A Node child started in its own process group, once it printed its URL. */
export interface NodeChild {
  name: string
  url: string
  child: ChildProcess
  /** What it printed so far (kept short). */
  output(): string
  /** SIGTERM to its process group, SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>
}

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

/** Signals a child's whole process group, so nothing it started outlives it. */
export const signalGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  if (child.pid === undefined || !alive(child)) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    child.kill(signal)
  }
}

/**
 * Starts `node <args>` detached into its own process group (Ctrl-C in the terminal reaches only the
 * supervisor, which then stops the children in order) and waits for `ready` to match its output.
 */
export const spawnNode = (
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<NodeChild> => {
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (graceMs = 8000) => {
    if (!alive(child)) return
    signalGroup(child, 'SIGTERM')
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
  }
  return new Promise<NodeChild>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000)
      const match = ready.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ name, url: match[1] ?? '', child, output: () => output, stop })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code, signal) =>
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output}`)),
    )
    const timer = setTimeout(() => {
      void stop(0)
      reject(new Error(`${name} was not ready within ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
  })
}
