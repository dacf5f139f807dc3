import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** One running instance of a demo service. */
export interface InstanceState {
  url: string
  host: string
  pid: number
}

/** What `vigil demo start` is running, written to `<data>/demo/state.json` for `fault` and `traffic`. */
export interface StackState {
  collector: string
  shop: string
  services: Record<string, InstanceState[]>
}

export const stateFile = (dataDir: string): string => join(dataDir, 'demo', 'state.json')

export const writeStackState = (dataDir: string, state: StackState): void =>
  writeFileSync(stateFile(dataDir), `${JSON.stringify(state, null, 2)}\n`)

/** Reads the state of a running stack; throws with a hint when none was started there. */
export const readStackState = (dataDir: string): StackState => {
  try {
    return JSON.parse(readFileSync(stateFile(dataDir), 'utf8')) as StackState
  } catch {
    throw new Error(
      `no running demo found in ${dataDir} (start one with: vigil demo start --data ${dataDir})`,
    )
  }
}
