import { existsSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { parseSloSpec, type SloSpec } from '@vigil/slo'
import { ConfigError, type ConfigIssue } from './ConfigError.js'
import { guardAppKeys, guardSecrets } from './guardSecrets.js'
import { isLoopback } from './isLoopback.js'
import { readConfigFile } from './readConfigFile.js'
import { type ResolvedValue, resolveLayer } from './resolveLayer.js'
import { type AppsConfig, type CollectorConfig, type ConfigFile, defaultConfig } from './schema.js'
import { type LayerSource, validateLayer } from './validateLayer.js'

/** Command-line flags of `vigil collector`, as commander hands them over (strings, unparsed). */
export interface CollectorFlags {
  readonly host?: string
  readonly port?: string | number
  readonly data?: string
  readonly config?: string
}

export interface LoadConfigOptions {
  readonly flags?: CollectorFlags
  /** The environment to read `VIGIL_*` variables from; defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Directory that relative paths on the command line and in the environment start from. */
  readonly cwd?: string
}

/** The file used when neither `--config` nor `VIGIL_CONFIG` names one, if it exists. */
export const defaultConfigFileName = 'vigil.yaml'

/** One value given outside the file: where it was given, which setting it sets, and its raw form. */
interface Given {
  readonly label: string
  readonly segments: readonly [string, string]
  readonly value: unknown
}

/** A whole number stays text if it is not one, so that the schema reports it with its fix. */
const numberOrText = (text: string): number | string => (/^\d{1,15}$/.test(text) ? Number(text) : text)

const parseIngestKeys = (text: string, label: string): { value: unknown } | { issue: ConfigIssue } => {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  const keys: { name: string; key: string }[] = []
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':')
    const name = entry.slice(0, colon).trim()
    const key = entry.slice(colon + 1).trim()
    if (colon < 0 || name === '' || key === '') {
      // The entry itself is not quoted: it may be a bare key.
      const message = `entry ${index + 1} of ${entries.length} must be written name:key, entries separated by commas (e.g. web-shop:KEY1,checkout-api:KEY2)`
      return { issue: { where: label, message } }
    }
    keys.push({ name, key })
  }
  return { value: keys }
}

/** The environment variables read, in one place: which setting each sets and how its text is read. */
const environmentSettings: readonly (readonly [
  string,
  readonly [string, string],
  (text: string) => unknown,
])[] = [
  ['VIGIL_HOST', ['server', 'host'], (text) => text],
  ['VIGIL_PORT', ['server', 'port'], numberOrText],
  ['VIGIL_BODY_LIMIT', ['server', 'bodyLimit'], (text) => text],
  ['VIGIL_DECODE_THREADS', ['server', 'decodeThreads'], numberOrText],
  ['VIGIL_DATA', ['data', 'dir'], (text) => text],
  ['VIGIL_API_TOKEN', ['auth', 'apiToken'], (text) => text],
  ['VIGIL_LOG_LEVEL', ['log', 'level'], (text) => text],
]

/**
 * Gives each app its key from `VIGIL_RUM_KEYS` (`app:key,…`, the same form as `VIGIL_INGEST_KEYS`),
 * which wins over a key in the file, so keys can stay out of the file. Every app must end with a key.
 */
const withAppKeys = (
  apps: readonly (Omit<AppsConfig[number], 'key'> & { key?: string })[],
  text: string | undefined,
): { apps: AppsConfig; issues: ConfigIssue[] } => {
  const issues: ConfigIssue[] = []
  const fromEnv = new Map<string, string>()
  if (text) {
    const parsed = parseIngestKeys(text, 'VIGIL_RUM_KEYS')
    if ('issue' in parsed) issues.push(parsed.issue)
    else {
      for (const { name, key } of parsed.value as { name: string; key: string }[]) {
        if (apps.some((app) => app.name === name)) fromEnv.set(name, key)
        else {
          const known = apps.map((app) => app.name).join(', ') || 'none'
          issues.push({
            where: 'VIGIL_RUM_KEYS',
            message: `names app ${name}, which apps does not list (apps: ${known})`,
          })
        }
      }
    }
  }
  const resolved = apps.map((app, index) => {
    const key = fromEnv.get(app.name) ?? app.key
    if (key === undefined) {
      issues.push({
        where: `apps[${index}]`,
        message: `apps[${index}].key is missing; set it in the file or as ${app.name}:<key> in VIGIL_RUM_KEYS`,
      })
    }
    return { name: app.name, key: key ?? '', allowedOrigins: app.allowedOrigins }
  })
  return { apps: resolved, issues }
}

/** A layer made of single values (environment or flags), each blamed on its variable or flag. */
const layerOf = (given: readonly Given[]): { data: ConfigFile; source: LayerSource } => {
  const data: Record<string, Record<string, unknown>> = {}
  for (const { segments, value } of given) {
    const [section, key] = segments
    data[section] = { ...data[section], [key]: value }
  }
  const source: LayerSource = {
    locate: (segments) =>
      given.find((item) => item.segments[0] === segments[0] && item.segments[1] === segments[1])?.label ??
      given[0]?.label ??
      'configuration',
  }
  // validateLayer checks this shape before anything relies on it.
  return { data: data as ConfigFile, source }
}

const fromEnvironment = (
  env: LoadConfigOptions['env'] & object,
): { given: Given[]; issues: ConfigIssue[] } => {
  const given: Given[] = []
  const issues: ConfigIssue[] = []
  for (const [label, segments, read] of environmentSettings) {
    const text = env[label]?.trim()
    if (text) given.push({ label, segments, value: read(text) })
  }
  const keys = env.VIGIL_INGEST_KEYS?.trim()
  if (keys) {
    const parsed = parseIngestKeys(keys, 'VIGIL_INGEST_KEYS')
    if ('issue' in parsed) issues.push(parsed.issue)
    else given.push({ label: 'VIGIL_INGEST_KEYS', segments: ['auth', 'ingestKeys'], value: parsed.value })
  }
  return { given, issues }
}

const fromFlags = (flags: CollectorFlags): Given[] => {
  const given: Given[] = []
  if (flags.host !== undefined)
    given.push({ label: '--host', segments: ['server', 'host'], value: flags.host })
  if (flags.port !== undefined) {
    const value = typeof flags.port === 'number' ? flags.port : numberOrText(flags.port.trim())
    given.push({ label: '--port', segments: ['server', 'port'], value })
  }
  if (flags.data !== undefined) given.push({ label: '--data', segments: ['data', 'dir'], value: flags.data })
  return given
}

/** How a path is shown in messages: relative to the working directory when it lies inside it. */
const displayPath = (path: string, cwd: string): string => {
  const fromCwd = relative(cwd, path)
  return fromCwd !== '' && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : path
}

const noTokenMessage = (host: string) =>
  `server.host is ${host}, which other machines can reach, but auth.apiToken is not set, so anyone on ` +
  'the network could read your telemetry. Set a token of 16 or more characters, e.g. ' +
  'VIGIL_API_TOKEN="$(openssl rand -hex 32)" in the environment or auth.apiToken in the config file, ' +
  'or listen on 127.0.0.1 only'

/**
 * Resolves the collector's configuration once, at start: defaults, then the YAML file, then
 * `VIGIL_*` environment variables, then command-line flags, each overriding the one before.
 * The file is `--config`, else `VIGIL_CONFIG`, else `./vigil.yaml` if present.
 *
 * Throws `ConfigError` listing every problem with where it is (`vigil.yaml:7:12`, `VIGIL_PORT`,
 * `--port`) and how to fix it; this includes a non-loopback `server.host` without `auth.apiToken`.
 * The returned `auth` section prints as `[redacted]` in JSON and `console.log`.
 */
export const loadConfig = (options: LoadConfigOptions = {}): CollectorConfig => {
  const cwd = options.cwd ?? process.cwd()
  const env = options.env ?? process.env
  const flags = options.flags ?? {}
  const issues: ConfigIssue[] = []
  const layers: { data: unknown; source: LayerSource; baseDir: string; issues?: ConfigIssue[] }[] = []
  let slos: readonly SloSpec[] = []

  const named =
    flags.config !== undefined
      ? { path: flags.config, by: '--config' }
      : env.VIGIL_CONFIG?.trim()
        ? { path: env.VIGIL_CONFIG.trim(), by: 'VIGIL_CONFIG' }
        : undefined
  const configPath = resolve(cwd, named?.path ?? defaultConfigFileName)
  if (named || existsSync(configPath)) {
    const display = displayPath(configPath, cwd)
    const file = readConfigFile(configPath, display, named?.by ?? configPath)
    const isMapping = typeof file.data === 'object' && file.data !== null && !Array.isArray(file.data)
    const { slos: sloList, ...rest } = isMapping ? (file.data as Record<string, unknown>) : {}
    const data = isMapping ? rest : file.data
    if (sloList !== undefined) {
      // SLOs have their own parser (docs/slo.md) that reports file:line:col and a fix for every field.
      const parsed = parseSloSpec(readFileSync(configPath, 'utf8'), display, { embedded: true })
      slos = parsed.slos
      for (const issue of parsed.issues) {
        if (issue.severity !== 'error') continue
        const fix = issue.fix ? ` — fix: ${issue.fix}` : ''
        issues.push({
          where: `${issue.file}:${issue.line}:${issue.col}`,
          message: `${issue.message} (${issue.path})${fix}`,
        })
      }
    }
    // Paths in a file are relative to the file, so it means the same wherever vigil is started.
    layers.push({ data, source: file.source, baseDir: dirname(configPath) })
  }

  const environment = fromEnvironment(env)
  layers.push({ ...layerOf(environment.given), baseDir: cwd, issues: environment.issues })
  layers.push({ ...layerOf(fromFlags(flags)), baseDir: cwd })

  const merged = new Map<string, ResolvedValue>()
  for (const layer of layers) {
    issues.push(...(layer.issues ?? []))
    const problems = validateLayer(layer.data, layer.source)
    if (problems.length > 0) {
      issues.push(...problems)
      continue
    }
    const resolved = resolveLayer(layer.data as ConfigFile, layer.source, layer.baseDir)
    issues.push(...resolved.issues)
    for (const [name, value] of resolved.values) merged.set(name, value)
  }
  if (issues.length > 0) throw new ConfigError(issues)

  const sections: Record<string, unknown> = {}
  for (const [section, defaults] of Object.entries(defaultConfig)) {
    sections[section] = Array.isArray(defaults) ? [...defaults] : { ...defaults }
  }
  for (const [name, { value }] of merged) {
    const [section = '', key] = name.split('.')
    if (key === undefined) sections[section] = value
    else sections[section] = { ...(sections[section] as Record<string, unknown>), [key]: value }
  }
  const apps = withAppKeys(sections.apps as AppsConfig, env.VIGIL_RUM_KEYS?.trim())
  if (apps.issues.length > 0) throw new ConfigError(apps.issues)
  // Every value was checked by validateLayer and converted by resolveLayer; only defaults were not, and they are typed.
  const config = sections as unknown as CollectorConfig

  if (!isLoopback(config.server.host) && config.auth.apiToken === undefined) {
    const where = merged.get('server.host')?.where ?? 'server.host'
    throw new ConfigError([{ where, message: noTokenMessage(config.server.host) }])
  }

  return {
    ...config,
    data: { dir: resolve(cwd, config.data.dir) },
    auth: guardSecrets(config.auth),
    apps: guardAppKeys(apps.apps),
    slos,
  }
}
