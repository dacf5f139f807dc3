import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'

/**
 * The demo shop's own CLI, found beside the collector in a repository checkout. The collector never imports the
 * demo (it is a user of the collector's public APIs), so `vigil demo` runs the demo's CLI as a child process.
 */
const findDemoCli = (from: string): string | undefined => {
  const candidate = join(from, 'demo', 'dist', 'cli.js')
  if (existsSync(candidate)) return candidate
  const parent = dirname(from)
  return parent === from ? undefined : findDemoCli(parent)
}

/** `vigil demo <start|fault|traffic|backfill> …`: passes everything to the demo shop's CLI. */
export const addDemoCommand = (program: Command): void => {
  program
    .command('demo')
    .summary('run the demo shop: start, fault, traffic, backfill')
    .description(
      'Run the demo shop that ships with the Vigil repository (see docs/demo.md): `vigil demo start`, ' +
        '`vigil demo fault <service> --error-rate 0.3 --latency 800ms --for 10m`, `vigil demo traffic --users N`, ' +
        '`vigil demo backfill 30d`. Arguments are passed to the demo CLI unchanged.',
    )
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]', 'demo subcommand and its options')
    .action(async (args: string[]) => {
      const cli = findDemoCli(dirname(fileURLToPath(import.meta.url)))
      if (!cli) {
        process.stderr.write(
          'vigil: the demo shop is not built here. It ships with the repository: run `npm install && npm run build` in a checkout.\n',
        )
        process.exitCode = 2
        return
      }
      const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit' })
      // The demo handles Ctrl-C itself (it stops its services); the parent only waits and mirrors its exit.
      const ignore = () => {}
      process.on('SIGINT', ignore)
      process.on('SIGTERM', () => child.kill('SIGTERM'))
      process.exitCode = await new Promise<number>((resolve) =>
        child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
      )
      process.off('SIGINT', ignore)
    })
}
