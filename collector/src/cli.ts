#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { Command, CommanderError } from 'commander'
import { addDemoCommand } from './commands/demoCommand.js'
import { addSloCommand } from './commands/sloCommand.js'
import { ConfigError } from './config/ConfigError.js'
import { type CollectorFlags, defaultConfigFileName, loadConfig } from './config/loadConfig.js'
import { defaultConfig } from './config/schema.js'

/** 0: done; 1: failed while running; 2: the command line or the configuration is wrong. */
const exitCodes = { ok: 0, failure: 1, usage: 2 } as const

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string
}

const addCollectorCommand = (program: Command): void => {
  const { server, data } = defaultConfig
  program
    .command('collector')
    .summary('run the collector: OTLP and RUM ingest, storage, query API')
    .description(
      'Run the Vigil collector: receive OTLP/HTTP traces, metrics and logs and browser RUM events, ' +
        'store them in an embedded DuckDB file, and serve the query API, the console and the wallboard.',
    )
    // No commander defaults: a flag given must override the environment and the file, and one
    // not given must not, so defaults live in defaultConfig and are only quoted here.
    .option('--host <host>', `address to listen on (default ${server.host}; env VIGIL_HOST)`)
    .option(
      '--port <port>',
      `port to listen on, 0 for any free port (default ${server.port}; env VIGIL_PORT)`,
    )
    .option('--data <dir>', `directory for the DuckDB file (default ${data.dir}; env VIGIL_DATA)`)
    .option(
      '--config <file>',
      `YAML configuration file (default ./${defaultConfigFileName} when it exists; env VIGIL_CONFIG)`,
    )
    .addHelpText(
      'after',
      [
        '',
        'Each setting is taken from the first of: flags, VIGIL_* environment variables,',
        'the config file, defaults. The API token and ingest keys are not flags (other',
        'users can read command lines): set them in the config file or with',
        'VIGIL_API_TOKEN and VIGIL_INGEST_KEYS. Listening on a non-loopback address',
        'requires an API token. Every setting is described in docs/configuration.md.',
        '',
        'Examples:',
        '  $ vigil collector',
        '  $ vigil collector --port 4320 --data /var/lib/vigil',
        '  $ VIGIL_API_TOKEN="$(openssl rand -hex 32)" vigil collector --host 0.0.0.0',
      ].join('\n'),
    )
    .action(async (flags: CollectorFlags) => {
      const config = loadConfig({ flags, env: process.env, cwd: process.cwd() })
      // Loaded only now, so that --help and configuration errors never pay for DuckDB and Fastify.
      const { startServer } = await import('./server.js')
      const { url } = await startServer(config)
      // Always printed, whatever the log level: people and scripts wait for this line.
      process.stdout.write(`Vigil collector listening on ${url} (data: ${config.data.dir})\n`)
    })
}

/**
 * The subcommands, each adding itself to the program. New ones (`vigil demo`, `vigil slo
 * check|rules|report`) go here as one `add…Command(program)` function each, loading their
 * implementation with a dynamic import inside the action as `collector` does.
 */
const commands: readonly ((program: Command) => void)[] = [addCollectorCommand, addDemoCommand, addSloCommand]

const buildProgram = (): Command => {
  const program = new Command('vigil')
    .description('Vigil: real-user experience and SLO observability, with business journeys first.')
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(add --help for usage)')
    // Throw instead of exiting, so that usage errors get the same exit code as configuration errors.
    .exitOverride()
  for (const add of commands) add(program)
  return program
}

const describeFailure = (error: unknown): string => {
  const { code, address, port, stack, message } = error as NodeJS.ErrnoException & {
    address?: string
    port?: number
  }
  if (code === 'EADDRINUSE')
    return `vigil: ${address}:${port} is already in use; choose another port with --port`
  if (code === 'EACCES' && port !== undefined) {
    return `vigil: no permission to listen on ${address}:${port}; use a port above 1023`
  }
  return `vigil: ${stack ?? message ?? String(error)}`
}

try {
  await buildProgram().parseAsync(process.argv)
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed the help, the version or the error.
    process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage
  } else if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`)
    process.exitCode = exitCodes.usage
  } else {
    process.stderr.write(`${describeFailure(error)}\n`)
    // A half-started server may hold open handles; leave now rather than hang.
    process.exit(exitCodes.failure)
  }
}
