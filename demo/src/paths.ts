import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const findUp = (from: string, marker: string): string => {
  if (existsSync(join(from, marker))) return from
  const parent = dirname(from)
  if (parent === from) throw new Error(`no ${marker} above ${from}`)
  return findUp(parent, marker)
}

const here = dirname(fileURLToPath(import.meta.url))

/** The demo package (`demo/`), whether running from `src` or `dist`. */
export const demoRoot = findUp(here, 'config/vigil.yaml')
/** The repository checkout holding the collector. */
export const repoRoot = findUp(dirname(demoRoot), 'collector/package.json')

export const paths = {
  collectorCli: join(repoRoot, 'collector', 'dist', 'cli.js'),
  sdkNodeRegister: join(repoRoot, 'sdk-node', 'dist', 'register.js'),
  collectorConfig: join(demoRoot, 'config', 'vigil.yaml'),
  services: join(demoRoot, 'dist', 'services'),
  webEntry: join(demoRoot, 'web', 'app.ts'),
  webDir: join(demoRoot, 'web'),
  defaultData: join(repoRoot, 'data'),
} as const
