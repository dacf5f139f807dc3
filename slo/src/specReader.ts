import {
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml'
import type { SpecIssue } from './specIssue.js'

/** A YAML node, or null for an empty value (`key:` with nothing after it). */
export type YNode = Node | null | undefined

interface Options {
  required?: boolean
  fix?: string
}

const closest = (word: string, choices: readonly string[]): string | undefined => {
  const lower = word.toLowerCase()
  return choices.find((c) => c.toLowerCase() === lower || c.toLowerCase().startsWith(lower.slice(0, 3)))
}

/**
 * Typed access to a parsed YAML document that records every problem with its file, line and column.
 * Readers return `undefined` for an absent or invalid field; invalid or missing required fields are
 * reported as errors.
 */
export class SpecReader {
  readonly issues: SpecIssue[] = []

  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  /** 1-based line and column where a node starts (line 1 col 1 when unknown). */
  position(node: YNode): { line: number; col: number } {
    const offset = node?.range?.[0]
    if (offset === undefined) return { line: 1, col: 1 }
    return this.lines.linePos(offset)
  }

  error(node: YNode, path: string, message: string, fix?: string): void {
    this.issues.push({
      severity: 'error',
      file: this.file,
      ...this.position(node),
      path,
      message,
      ...(fix ? { fix } : {}),
    })
  }

  warning(node: YNode, path: string, message: string, fix?: string): void {
    this.issues.push({
      severity: 'warning',
      file: this.file,
      ...this.position(node),
      path,
      message,
      ...(fix ? { fix } : {}),
    })
  }

  /** Errors recorded so far. */
  get errorCount(): number {
    return this.issues.filter((i) => i.severity === 'error').length
  }

  map(node: YNode, path: string, fix?: string): YAMLMap | undefined {
    if (isMap(node)) return node
    this.error(node, path, 'expected a mapping (key: value lines)', fix)
    return undefined
  }

  seq(node: YNode, path: string, fix?: string): YAMLSeq | undefined {
    if (isSeq(node)) return node
    this.error(node, path, 'expected a list (lines starting with "- ")', fix)
    return undefined
  }

  pair(map: YAMLMap, key: string): Pair<Node, YNode> | undefined {
    return (map.items as Pair<Node, YNode>[]).find((p) => isScalar(p.key) && p.key.value === key)
  }

  /** The value node of `key`, or undefined when the key is absent. */
  node(map: YAMLMap, key: string): YNode {
    return this.pair(map, key)?.value
  }

  has(map: YAMLMap, key: string): boolean {
    return this.pair(map, key) !== undefined
  }

  /** Reports keys that are not in `allowed`, naming the closest allowed key when there is one. */
  checkKeys(map: YAMLMap, path: string, allowed: readonly string[]): void {
    for (const p of map.items as Pair<Node, YNode>[]) {
      const key = isScalar(p.key) ? String(p.key.value) : ''
      if (allowed.includes(key)) continue
      const guess = closest(key, allowed)
      this.error(
        p.key,
        `${path}.${key}`,
        `unknown field "${key}"`,
        guess ? `did you mean "${guess}"?` : `allowed fields: ${allowed.join(', ')}`,
      )
    }
  }

  private missing(map: YAMLMap, key: string, path: string, what: string, opts: Options): void {
    if (opts.required)
      this.error(
        map,
        `${path}.${key}`,
        `missing required field "${key}"`,
        opts.fix ?? `add ${key}: <${what}>`,
      )
  }

  scalar(map: YAMLMap, key: string, path: string, opts: Options = {}): unknown {
    const p = this.pair(map, key)
    if (!p) {
      this.missing(map, key, path, 'value', opts)
      return undefined
    }
    if (!isScalar(p.value) || p.value.value === null) {
      this.error(p.value ?? p.key, `${path}.${key}`, `"${key}" must be a single value`, opts.fix)
      return undefined
    }
    return p.value.value
  }

  string(map: YAMLMap, key: string, path: string, opts: Options = {}): string | undefined {
    const value = this.scalar(map, key, path, opts)
    if (value === undefined) return undefined
    if (typeof value === 'string' && value.trim() !== '') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    this.error(this.node(map, key), `${path}.${key}`, `"${key}" must be a non-empty text`, opts.fix)
    return undefined
  }

  number(map: YAMLMap, key: string, path: string, opts: Options = {}): number | undefined {
    const value = this.scalar(map, key, path, opts)
    if (value === undefined) return undefined
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
    if (typeof n === 'number' && Number.isFinite(n)) return n
    this.error(this.node(map, key), `${path}.${key}`, `"${key}" must be a number`, opts.fix)
    return undefined
  }

  boolean(map: YAMLMap, key: string, path: string, opts: Options = {}): boolean | undefined {
    const value = this.scalar(map, key, path, opts)
    if (value === undefined) return undefined
    if (typeof value === 'boolean') return value
    this.error(this.node(map, key), `${path}.${key}`, `"${key}" must be true or false`, opts.fix)
    return undefined
  }

  oneOf<T extends string>(
    map: YAMLMap,
    key: string,
    path: string,
    choices: readonly T[],
    opts: Options = {},
  ): T | undefined {
    const value = this.string(map, key, path, opts)
    if (value === undefined) return undefined
    const found =
      choices.find((c) => c === value) ?? choices.find((c) => c.toLowerCase() === value.toLowerCase())
    if (found) return found
    const guess = closest(value, choices)
    this.error(
      this.node(map, key),
      `${path}.${key}`,
      `"${value}" is not one of: ${choices.join(', ')}`,
      opts.fix ?? (guess ? `did you mean "${guess}"?` : undefined),
    )
    return undefined
  }

  /** Plain string→string labels; other values are reported. */
  labels(node: YNode, path: string): Record<string, string> {
    const labels: Record<string, string> = {}
    if (node === undefined || node === null) return labels
    const map = this.map(node, path)
    if (!map) return labels
    for (const p of map.items as Pair<Node, YNode>[]) {
      const key = isScalar(p.key) ? String(p.key.value) : ''
      if (isScalar(p.value) && p.value.value !== null && typeof p.value.value !== 'object') {
        labels[key] = String(p.value.value)
      } else {
        this.error(p.value ?? p.key, `${path}.${key}`, 'label values must be single texts')
      }
    }
    return labels
  }
}
