import type { TSchema } from '@sinclair/typebox'
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors'
import { Value } from '@sinclair/typebox/value'
import type { ConfigIssue } from './ConfigError.js'
import { describeValue } from './describeValue.js'
import { didYouMean } from './didYouMean.js'
import { ConfigFileSchema } from './schema.js'
import { settingName } from './settingName.js'

/** Where one layer of configuration (a file, the environment, the flags) wrote each value. */
export interface LayerSource {
  /** A label for messages: `vigil.yaml:7:12`, `VIGIL_PORT`, `--port`. */
  locate(segments: readonly string[], target: 'key' | 'value'): string
  /** A number that sorts problems into reading order; file layers use the offset. */
  order?(segments: readonly string[], target: 'key' | 'value'): number
}

/** Settings under `auth` and app keys are secrets or sit next to them; their values are never quoted back. */
export const isSecretPath = (segments: readonly string[]): boolean =>
  segments[0] === 'auth' || (segments[0] === 'apps' && (segments.length < 3 || segments[2] === 'key'))

const pointerSegments = (path: string): string[] =>
  path === ''
    ? []
    : path
        .slice(1)
        .split('/')
        .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))

const propertyNames = (schema: TSchema): string[] =>
  typeof schema.properties === 'object' && schema.properties !== null ? Object.keys(schema.properties) : []

/** A setting with this exact name (case and `_` aside) in another section: `host` → `server.host`. */
const sameNameElsewhere = (key: string): string | undefined => {
  const wanted = key.toLowerCase().replace(/[-_]/g, '')
  for (const [section, schema] of Object.entries(ConfigFileSchema.properties)) {
    const match = propertyNames(schema).find((name) => name.toLowerCase() === wanted)
    if (match) return `${section}.${match}`
  }
  return undefined
}

const unknownKeyMessage = (segments: readonly string[], schema: TSchema): string => {
  const key = segments.at(-1) ?? ''
  const parent = segments.slice(0, -1)
  const known = propertyNames(schema)
  const close = didYouMean(key, known)
  const suggestion = close ? settingName([...parent, close]) : sameNameElsewhere(key)
  const where = settingName(segments)
  if (suggestion) return `unknown key ${where}; did you mean ${suggestion}?`
  if (parent.length === 0) return `unknown section ${where}; the sections are ${known.join(', ')}`
  return `unknown key ${where}; ${settingName(parent)} takes ${known.join(', ')}`
}

const describeError = (error: ValueError, segments: readonly string[]): string => {
  const name = settingName(segments)
  const got = `(got ${describeValue(error.value, isSecretPath(segments))})`
  const description: unknown = error.schema.description
  switch (error.type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return unknownKeyMessage(segments, error.schema)
    case ValueErrorType.ObjectRequiredProperty:
      return `${name} is missing; it must be ${String(description ?? 'set')}`
    case ValueErrorType.Object:
      return segments.length === 0
        ? `the file must be a mapping of sections such as server: and retention: ${got}`
        : `${name} must be ${typeof description === 'string' ? description : 'a mapping of settings'} ${got}`
    default:
      return `${name} must be ${typeof description === 'string' ? description : error.message.toLowerCase()} ${got}`
  }
}

/**
 * Checks one layer of raw configuration against `ConfigFileSchema` and returns every problem,
 * located and phrased with its fix, in reading order; an empty list means the layer is valid.
 */
export const validateLayer = (data: unknown, source: LayerSource): ConfigIssue[] => {
  const seen = new Set<string>()
  const found: { issue: ConfigIssue; order: number }[] = []
  for (const error of Value.Errors(ConfigFileSchema, data)) {
    if (seen.has(error.path)) continue
    seen.add(error.path)
    const segments = pointerSegments(error.path)
    const target = error.type === ValueErrorType.ObjectAdditionalProperties ? 'key' : 'value'
    found.push({
      issue: { where: source.locate(segments, target), message: describeError(error, segments) },
      order: source.order?.(segments, target) ?? found.length,
    })
  }
  return found.sort((a, b) => a.order - b.order).map(({ issue }) => issue)
}
