import { LineCounter, parseDocument } from 'yaml'
import { checkSlos } from './checkSlos.js'
import type { CompositeMethod } from './composite.js'
import type { CompositePartSpec, SliSpec, SloSpec } from './spec.js'
import { readAlerting, readBudgeting, readObjective, readSli, readWindow } from './specFields.js'
import type { SpecIssue } from './specIssue.js'
import { SpecReader, type YNode } from './specReader.js'

/** Outcome of reading a spec file: the SLOs that could be read and every issue found. */
export interface SloSpecResult {
  /** True when no issue is an error. */
  ok: boolean
  slos: SloSpec[]
  issues: SpecIssue[]
}

/** Options for `parseSloSpec`. */
export interface ParseSloSpecOptions {
  /**
   * The `slos:` list sits in a larger file (the collector's config): other top-level keys belong to
   * someone else and are not reported.
   */
  embedded?: boolean
}

const sloKeys = [
  'id',
  'displayName',
  'description',
  'journey',
  'service',
  'sli',
  'composite',
  'objective',
  'window',
  'budgeting',
  'alerting',
  'labels',
]

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

const readComposite = (r: SpecReader, node: YNode, path: string): SliSpec | undefined => {
  const map = r.map(node, path)
  if (!map) return undefined
  r.checkKeys(map, path, ['method', 'parts'])
  const method: CompositeMethod = r.oneOf(map, 'method', path, ['events', 'sli'] as const) ?? 'events'
  const seq = r.seq(r.node(map, 'parts'), `${path}.parts`, 'add parts: [{slo: <id>, weight: 1}, …]')
  if (!seq) return undefined
  const parts: CompositePartSpec[] = []
  seq.items.forEach((item, i) => {
    const p = `${path}.parts[${i}]`
    const part = r.map(item as YNode, p)
    if (!part) return
    r.checkKeys(part, p, ['slo', 'weight'])
    const slo = r.string(part, 'slo', p, { required: true })
    const weight = r.number(part, 'weight', p) ?? 1
    if (!(weight > 0)) r.error(r.node(part, 'weight'), `${p}.weight`, 'weight must be positive')
    else if (slo !== undefined) parts.push({ slo, weight })
  })
  if (seq.items.length === 0) r.error(seq, `${path}.parts`, 'a composite needs at least one part')
  return { source: 'composite', method, parts }
}

const readSlo = (r: SpecReader, node: YNode, path: string): SloSpec | undefined => {
  const map = r.map(node, path)
  if (!map) return undefined
  const before = r.errorCount
  r.checkKeys(map, path, sloKeys)
  const id = r.string(map, 'id', path, { required: true, fix: 'add id: checkout-availability' })
  if (id !== undefined && !idPattern.test(id)) {
    r.error(
      r.node(map, 'id'),
      `${path}.id`,
      `id "${id}" has characters outside letters, digits, ".", "_", "-"`,
    )
  }
  const displayName = r.string(map, 'displayName', path)
  const description = r.string(map, 'description', path)
  const journey = r.string(map, 'journey', path)
  const service = r.string(map, 'service', path)
  let sli: SliSpec | undefined
  if (r.has(map, 'sli') === r.has(map, 'composite')) {
    r.error(
      map,
      `${path}.sli`,
      'an SLO needs exactly one of "sli" and "composite"',
      'add sli: {source: rum, event: journeyStep}',
    )
  } else if (r.has(map, 'sli')) {
    sli = readSli(r, r.node(map, 'sli'), `${path}.sli`)
  } else {
    sli = readComposite(r, r.node(map, 'composite'), `${path}.composite`)
  }
  const objectiveNode = r.node(map, 'objective')
  if (!r.has(map, 'objective'))
    r.error(map, `${path}.objective`, 'missing required field "objective"', 'add objective: 99.5%')
  const objective = r.has(map, 'objective') ? readObjective(r, objectiveNode, `${path}.objective`) : undefined
  const window = r.has(map, 'window')
    ? readWindow(r, r.node(map, 'window'), `${path}.window`)
    : { type: 'rolling' as const, durationMs: 30 * 86_400_000 }
  const budgeting = readBudgeting(r, r.node(map, 'budgeting'), `${path}.budgeting`)
  const alerting = readAlerting(r, r.node(map, 'alerting'), `${path}.alerting`)
  const labels = r.labels(r.node(map, 'labels'), `${path}.labels`)
  if (r.errorCount > before || !id || !sli || objective === undefined || !window || !budgeting)
    return undefined
  // Span SLIs default to the SLO's own journey and service so a spec need not repeat them.
  if (sli.source === 'spans') {
    sli = {
      ...sli,
      filter: {
        ...(journey !== undefined ? { journey } : {}),
        ...(service !== undefined ? { service } : {}),
        ...sli.filter,
      },
    }
  }
  return {
    id,
    ...(displayName !== undefined ? { displayName } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(journey !== undefined ? { journey } : {}),
    ...(service !== undefined ? { service } : {}),
    sli,
    objective,
    window,
    budgeting,
    alerting,
    labels,
    origin: { format: 'vigil', file: r.file, line: r.position(map).line },
  }
}

/**
 * Reads Vigil's own SLO spec format (a `slos:` list; see docs/slo.md). Never throws on bad input:
 * every problem comes back as an issue with `file:line:col`, the field and the fix.
 */
export const parseSloSpec = (
  text: string,
  file: string,
  options: ParseSloSpecOptions = {},
): SloSpecResult => {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  const r = new SpecReader(file, lines)
  for (const e of doc.errors) {
    const pos = lines.linePos(e.pos[0])
    r.issues.push({ severity: 'error', file, ...pos, path: '', message: `YAML: ${e.message.split('\n')[0]}` })
  }
  if (doc.errors.length > 0) return { ok: false, slos: [], issues: r.issues }
  const root = r.map(doc.contents, '(root)', 'start the file with slos:')
  const slos: SloSpec[] = []
  if (root) {
    if (!options.embedded) r.checkKeys(root, '(root)', ['slos'])
    const seq = r.seq(r.node(root, 'slos'), 'slos', 'write slos: followed by a list of SLOs')
    seq?.items.forEach((item, i) => {
      const slo = readSlo(r, item as YNode, `slos[${i}]`)
      if (slo) slos.push(slo)
    })
  }
  const issues = [...r.issues, ...checkSlos(slos)]
  return { ok: !issues.some((i) => i.severity === 'error'), slos, issues }
}
