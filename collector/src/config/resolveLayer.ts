import { resolve } from 'node:path'
import type { ConfigIssue } from './ConfigError.js'
import { describeValue } from './describeValue.js'
import { parseDuration } from './parseDuration.js'
import { parseSize } from './parseSize.js'
import type { ConfigFile, IngestKey } from './schema.js'
import type { LayerSource } from './validateLayer.js'

/** A resolved value and where it was set, keyed by `section.key` in `ResolvedLayer.values`. */
export interface ResolvedValue {
  readonly value: unknown
  /** As in `ConfigIssue.where`. */
  readonly where: string
}

export interface ResolvedLayer {
  /** Every setting this layer sets, converted to the units of `CollectorConfig`. */
  readonly values: ReadonlyMap<string, ResolvedValue>
  readonly issues: readonly ConfigIssue[]
}

type Conversion = (value: unknown, baseDir: string) => { value: unknown } | { problem: string }

/** An inclusive bound in the config's units and as people write it. */
type Bound = readonly [amount: number, written: string]

const within = (parse: (value: never) => number | undefined, min: Bound, max?: Bound): Conversion => {
  return (value) => {
    const amount = parse(value as never)
    if (amount === undefined) return { problem: 'is too large' }
    if (amount < min[0]) return { problem: `must be at least ${min[1]}` }
    if (max && amount > max[0]) return { problem: `must be at most ${max[1]}` }
    return { value: amount }
  }
}

const second = 1_000
const minute = 60 * second
const hour = 60 * minute
const day = 24 * hour
const MiB = 1_048_576

/**
 * Settings whose written form differs from the resolved one, with the ranges that the schema's
 * patterns cannot express. Timer bounds keep `setTimeout` below its 24.8-day ceiling.
 */
const conversions: Readonly<Record<string, Conversion>> = {
  'server.bodyLimit': within(parseSize, [1024, '1KiB'], [1024 * MiB, '1GiB']),
  'data.dir': (value, baseDir) => ({ value: resolve(baseDir, String(value)) }),
  'retention.traces': within(parseDuration, [minute, '1m']),
  'retention.logs': within(parseDuration, [minute, '1m']),
  'retention.metrics': within(parseDuration, [minute, '1m']),
  'retention.rum': within(parseDuration, [minute, '1m']),
  'retention.interval': within(parseDuration, [second, '1s'], [day, '1d']),
  'queue.retryAfter': within(parseDuration, [second, '1s'], [hour, '1h']),
  'limits.maxAttributeValueBytes': within(parseSize, [1, '1 byte'], [16 * MiB, '16MiB']),
}

const duplicateIngestKeys = (keys: readonly IngestKey[], source: LayerSource): ConfigIssue[] => {
  const issues: ConfigIssue[] = []
  const names = new Map<string, number>()
  const secrets = new Map<string, number>()
  keys.forEach(({ name, key }, index) => {
    const first = names.get(name)
    if (first !== undefined) {
      issues.push({
        where: source.locate(['auth', 'ingestKeys', String(index), 'name'], 'value'),
        message: `auth.ingestKeys[${index}].name repeats the name of auth.ingestKeys[${first}]; give each app its own name`,
      })
    } else names.set(name, index)
    const same = secrets.get(key)
    if (same !== undefined) {
      issues.push({
        where: source.locate(['auth', 'ingestKeys', String(index), 'key'], 'value'),
        message: `auth.ingestKeys[${index}].key is the same as auth.ingestKeys[${same}].key; give each app its own key`,
      })
    } else secrets.set(key, index)
  })
  return issues
}

const duplicateApps = (apps: NonNullable<ConfigFile['apps']>, source: LayerSource): ConfigIssue[] => {
  const issues: ConfigIssue[] = []
  const names = new Map<string, number>()
  const keys = new Map<string, number>()
  apps.forEach(({ name, key }, index) => {
    const first = names.get(name)
    if (first !== undefined) {
      issues.push({
        where: source.locate(['apps', String(index), 'name'], 'value'),
        message: `apps[${index}].name repeats the name of apps[${first}]; list each app once`,
      })
    } else names.set(name, index)
    if (key === undefined) return
    const same = keys.get(key)
    if (same !== undefined) {
      issues.push({
        where: source.locate(['apps', String(index), 'key'], 'value'),
        message: `apps[${index}].key is the same as apps[${same}].key; give each app its own key`,
      })
    } else keys.set(key, index)
  })
  return issues
}

/**
 * Turns one validated layer into resolved values (durations in ms, sizes in bytes, `data.dir`
 * absolute against `baseDir`), checking the ranges and rules a schema cannot: bounds of sizes
 * and durations, and ingest keys or apps that repeat a name or a key.
 */
export const resolveLayer = (layer: ConfigFile, source: LayerSource, baseDir: string): ResolvedLayer => {
  const values = new Map<string, ResolvedValue>()
  const issues: ConfigIssue[] = []
  for (const [section, settings] of Object.entries(layer)) {
    // `apps` is a list set as a whole: a later layer's list replaces an earlier one.
    if (section === 'apps') {
      values.set('apps', { value: settings, where: source.locate(['apps'], 'value') })
      continue
    }
    for (const [key, written] of Object.entries(settings ?? {})) {
      if (written === undefined) continue
      const name = `${section}.${key}`
      const where = source.locate([section, key], 'value')
      const conversion = conversions[name]
      const outcome = conversion ? conversion(written, baseDir) : { value: written }
      if ('problem' in outcome) {
        issues.push({ where, message: `${name} ${outcome.problem} (got ${describeValue(written, false)})` })
      } else {
        values.set(name, { value: outcome.value, where })
      }
    }
  }
  if (layer.auth?.ingestKeys) issues.push(...duplicateIngestKeys(layer.auth.ingestKeys, source))
  if (layer.apps) issues.push(...duplicateApps(layer.apps, source))
  return { values, issues }
}
