import type { YAMLMap } from 'yaml'
import { DefaultAlerting } from './defaultAlerting.js'
import { parseDuration } from './duration.js'
import type { AlertingSpec, BudgetingSpec, SliSpec, SpanFilter, TimesliceCondition } from './spec.js'
import type { SpecReader, YNode } from './specReader.js'
import type { ComparisonOp } from './timeslices.js'
import { isValidTimeZone } from './timeZone.js'
import { type VitalName, VitalThresholds } from './vitalThresholds.js'
import type { WindowSpec } from './windows.js'
import type { AlertRule, AlertSeverity } from './workbookAlertRules.js'

/** 99.9 → 0.999 without the binary-float tail that a plain division leaves (0.9990000000000001). */
export const fromPercent = (percent: number): number => Number((percent / 100).toPrecision(15))

const scalarOf = (node: YNode): unknown =>
  node && 'value' in node && typeof node.value !== 'object' ? node.value : undefined

/** A duration field given as `5m`, `1h`, `28d`… (a bare number is read as ms). */
export const readDuration = (r: SpecReader, node: YNode, path: string): number | undefined => {
  const value = scalarOf(node)
  if (typeof value === 'number' && value > 0) return value
  const ms = typeof value === 'string' ? parseDuration(value) : null
  if (ms !== null) return ms
  r.error(
    node,
    path,
    `"${String(value ?? '')}" is not a duration`,
    'write a number and a unit: 30s, 5m, 1h, 28d, 2w',
  )
  return undefined
}

/** An objective in (0,1), as a fraction (0.999) or a percentage text ("99.9%"). */
export const readObjective = (r: SpecReader, node: YNode, path: string): number | undefined => {
  const value = scalarOf(node)
  let n: number | undefined
  if (typeof value === 'number') n = value
  else if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value)
    n = m ? fromPercent(Number(m[1])) : Number(value)
  }
  if (n !== undefined && n > 0 && n < 1) return n
  const hint =
    n !== undefined && n >= 1 && n < 100
      ? `write ${fromPercent(n)} or "${n}%"`
      : 'write a fraction such as 0.995 or "99.5%"'
  r.error(node, path, `objective ${String(value ?? '')} is not strictly between 0 and 1`, hint)
  return undefined
}

/** `window: 28d`, `window: {rolling: 28d}` or `window: {calendar: month|quarter, timeZone: Europe/Berlin}`. */
export const readWindow = (r: SpecReader, node: YNode, path: string): WindowSpec | undefined => {
  if (node && 'value' in node && typeof node.value !== 'object') {
    const ms = readDuration(r, node, path)
    return ms === undefined ? undefined : { type: 'rolling', durationMs: ms }
  }
  const map = r.map(node, path, 'write 28d, or calendar: month and timeZone: Europe/Berlin')
  if (!map) return undefined
  r.checkKeys(map, path, ['rolling', 'calendar', 'timeZone'])
  if (r.has(map, 'rolling')) {
    const ms = readDuration(r, r.node(map, 'rolling'), `${path}.rolling`)
    return ms === undefined ? undefined : { type: 'rolling', durationMs: ms }
  }
  const unit = r.oneOf(map, 'calendar', path, ['month', 'quarter'] as const, {
    required: true,
    fix: 'write calendar: month (or quarter), or rolling: 28d',
  })
  const timeZone = r.string(map, 'timeZone', path) ?? 'UTC'
  if (!isValidTimeZone(timeZone)) {
    r.error(
      r.node(map, 'timeZone'),
      `${path}.timeZone`,
      `unknown time zone "${timeZone}"`,
      'use an IANA name such as Europe/Berlin or UTC',
    )
    return undefined
  }
  return unit ? { type: 'calendar', unit, timeZone } : undefined
}

const conditionPattern = /^\s*(ratio|value|p(\d{1,2}(?:\.\d+)?))\s*(<=|<|>=|>)\s*(-?\d+(?:\.\d+)?)\s*$/
const opOf: Record<string, ComparisonOp> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' }

/** `ratio >= 0.99`, `p95 <= 300` or `value < 2` → a slice condition. */
export const parseCondition = (text: string): TimesliceCondition | null => {
  const m = conditionPattern.exec(text)
  if (!m) return null
  const op = opOf[m[3] as string] as ComparisonOp
  const threshold = Number(m[4])
  if (m[2] !== undefined) return { measure: 'percentile', percentile: Number(m[2]), op, threshold }
  return { measure: m[1] as 'ratio' | 'value', op, threshold }
}

/** `budgeting: occurrences` or `{method: timeslices, slice: 1m, good: "ratio >= 0.99"}`. */
export const readBudgeting = (r: SpecReader, node: YNode, path: string): BudgetingSpec | undefined => {
  const methods = ['occurrences', 'timeslices', 'ratioTimeslices'] as const
  if (node === undefined) return { method: 'occurrences' }
  let map: YAMLMap | undefined
  let method: (typeof methods)[number] | undefined
  if (node && 'value' in node && typeof node.value === 'string') {
    method = methods.find((m) => m.toLowerCase() === String(node.value).toLowerCase())
    if (!method) {
      r.error(node, path, `"${node.value}" is not a budgeting method`, `use one of: ${methods.join(', ')}`)
      return undefined
    }
    if (method === 'occurrences') return { method }
    r.error(
      node,
      path,
      `${method} needs a slice length`,
      `write budgeting: {method: ${method}, slice: 1m${method === 'timeslices' ? ', good: "ratio >= 0.99"' : ''}}`,
    )
    return undefined
  }
  map = r.map(node, path)
  if (!map) return undefined
  r.checkKeys(map, path, ['method', 'slice', 'good', 'emptySlices'])
  method = r.oneOf(map, 'method', path, methods, { required: true })
  if (!method) return undefined
  if (method === 'occurrences') return { method }
  const slice = r.node(map, 'slice')
  if (slice === undefined) {
    r.error(map, `${path}.slice`, `missing required field "slice"`, 'add slice: 1m (or 5m)')
    return undefined
  }
  const sliceMs = readDuration(r, slice, `${path}.slice`)
  if (sliceMs === undefined) return undefined
  if (method === 'ratioTimeslices') return { method, sliceMs }
  const good = r.string(map, 'good', path, {
    required: true,
    fix: 'add good: "ratio >= 0.99" or good: "p95 <= 300"',
  })
  const emptySlices = r.oneOf(map, 'emptySlices', path, ['skip', 'good', 'bad'] as const) ?? 'skip'
  if (good === undefined) return undefined
  const condition = parseCondition(good)
  if (!condition) {
    r.error(
      r.node(map, 'good'),
      `${path}.good`,
      `"${good}" is not a slice condition`,
      'write "ratio >= 0.99", "p95 <= 300" or "value < 2"',
    )
    return undefined
  }
  return { method, sliceMs, condition, emptySlices }
}

const readRule = (r: SpecReader, node: YNode, path: string): AlertRule | undefined => {
  const map = r.map(node, path)
  if (!map) return undefined
  r.checkKeys(map, path, ['severity', 'budget', 'factor', 'long', 'short', 'for'])
  const severity = r.oneOf(map, 'severity', path, ['page', 'ticket'] as const, { required: true })
  const long = r.has(map, 'long') ? readDuration(r, r.node(map, 'long'), `${path}.long`) : undefined
  if (!r.has(map, 'long')) r.error(map, `${path}.long`, 'missing required field "long"', 'add long: 1h')
  const short = r.has(map, 'short') ? readDuration(r, r.node(map, 'short'), `${path}.short`) : null
  const forMs = r.has(map, 'for') ? readDuration(r, r.node(map, 'for'), `${path}.for`) : 0
  const budget = r.has(map, 'budget') ? readObjective(r, r.node(map, 'budget'), `${path}.budget`) : undefined
  const factor = r.number(map, 'factor', path)
  if ((budget === undefined) === (factor === undefined)) {
    r.error(
      map,
      path,
      'a rule needs exactly one of "budget" and "factor"',
      'write budget: 2% (share of the period budget) or factor: 14.4',
    )
    return undefined
  }
  if (factor !== undefined && !(factor > 0)) {
    r.error(r.node(map, 'factor'), `${path}.factor`, 'factor must be positive')
    return undefined
  }
  if (!severity || long === undefined || short === undefined || forMs === undefined) return undefined
  if (short !== null && short >= long) {
    r.error(
      r.node(map, 'short'),
      `${path}.short`,
      'the short window must be shorter than the long one',
      'use about 1/12 of the long window',
    )
  }
  return {
    severity: severity as AlertSeverity,
    longWindowMs: long,
    shortWindowMs: short,
    ...(budget !== undefined ? { budgetFraction: budget } : { factor: factor as number }),
    ...(forMs > 0 ? { forMs } : {}),
  }
}

/** `alerting: {minEvents, page, ticket, rules}`; defaults from `DefaultAlerting`. */
export const readAlerting = (r: SpecReader, node: YNode, path: string): AlertingSpec => {
  const alerting: AlertingSpec = { ...DefaultAlerting, rules: [...DefaultAlerting.rules] }
  if (node === undefined) return alerting
  const map = r.map(node, path)
  if (!map) return alerting
  r.checkKeys(map, path, ['minEvents', 'page', 'ticket', 'rules'])
  const minEvents = r.number(map, 'minEvents', path)
  if (minEvents !== undefined) {
    if (minEvents >= 0) alerting.minEvents = minEvents
    else r.error(r.node(map, 'minEvents'), `${path}.minEvents`, 'minEvents must be 0 or more')
  }
  alerting.page = r.boolean(map, 'page', path) ?? alerting.page
  alerting.ticket = r.boolean(map, 'ticket', path) ?? alerting.ticket
  if (r.has(map, 'rules')) {
    const seq = r.seq(r.node(map, 'rules'), `${path}.rules`)
    if (seq) {
      alerting.rules = []
      seq.items.forEach((item, i) => {
        const rule = readRule(r, item as YNode, `${path}.rules[${i}]`)
        if (rule) alerting.rules.push(rule)
      })
    }
  }
  return alerting
}

const readFilter = (r: SpecReader, node: YNode, path: string): SpanFilter => {
  const filter: SpanFilter = {}
  if (node === undefined) return filter
  const map = r.map(node, path)
  if (!map) return filter
  const keys = ['service', 'route', 'journey', 'name'] as const
  r.checkKeys(map, path, keys)
  for (const key of keys) {
    const value = r.string(map, key, path)
    if (value !== undefined) filter[key] = value
  }
  return filter
}

const vitals = Object.keys(VitalThresholds) as VitalName[]

/**
 * Vigil's own SLI selector (`source: rum|spans` and its fields). Used by the Vigil format and by
 * OpenSLO metric sources of type `Vigil`.
 */
export const readSli = (r: SpecReader, node: YNode, path: string): SliSpec | undefined => {
  const map = r.map(node, path, 'write sli: {source: rum, event: journeyStep}')
  if (!map) return undefined
  const source = r.oneOf(map, 'source', path, ['rum', 'spans'] as const, { required: true })
  if (source === 'spans') {
    r.checkKeys(map, path, ['source', 'good', 'thresholdMs', 'filter'])
    const good = r.oneOf(map, 'good', path, ['status', 'latency'] as const, {
      required: true,
      fix: 'add good: status (not an error) or good: latency (with thresholdMs)',
    })
    const filter = readFilter(r, r.node(map, 'filter'), `${path}.filter`)
    let thresholdMs: number | undefined
    if (r.has(map, 'thresholdMs'))
      thresholdMs = readDuration(r, r.node(map, 'thresholdMs'), `${path}.thresholdMs`)
    if (good === 'latency' && !r.has(map, 'thresholdMs')) {
      r.error(map, `${path}.thresholdMs`, 'a latency SLI needs thresholdMs', 'add thresholdMs: 300')
      return undefined
    }
    if (!good) return undefined
    return { source, good, filter, ...(thresholdMs !== undefined ? { thresholdMs } : {}) }
  }
  if (source !== 'rum') return undefined
  const event = r.oneOf(map, 'event', path, ['journeyStep', 'pageView', 'vital'] as const, { required: true })
  if (event === 'journeyStep') {
    r.checkKeys(map, path, ['source', 'event', 'step'])
    const step = r.string(map, 'step', path)
    return { source, event, ...(step !== undefined ? { step } : {}) }
  }
  if (event === 'pageView') {
    r.checkKeys(map, path, ['source', 'event', 'route'])
    const route = r.string(map, 'route', path)
    return { source, event, ...(route !== undefined ? { route } : {}) }
  }
  if (event !== 'vital') return undefined
  r.checkKeys(map, path, ['source', 'event', 'vital', 'threshold', 'route'])
  const vital = r.oneOf(map, 'vital', path, vitals, { required: true })
  if (!vital) return undefined
  const threshold = r.number(map, 'threshold', path) ?? VitalThresholds[vital][0]
  const route = r.string(map, 'route', path)
  return { source, event, vital, threshold, ...(route !== undefined ? { route } : {}) }
}
