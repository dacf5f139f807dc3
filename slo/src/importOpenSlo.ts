import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type YAMLMap } from 'yaml'
import { checkSlos } from './checkSlos.js'
import { DefaultAlerting } from './defaultAlerting.js'
import { parseDuration } from './duration.js'
import type { SloSpecResult } from './parseSloSpec.js'
import type { AlertingSpec, BudgetingSpec, PrometheusSli, SliSpec, SloSpec } from './spec.js'
import { fromPercent, readDuration, readSli } from './specFields.js'
import { SpecReader, type YNode } from './specReader.js'
import type { ComparisonOp } from './timeslices.js'
import { isValidTimeZone } from './timeZone.js'
import type { WindowSpec } from './windows.js'
import { type AlertRule, WorkbookAlertRules } from './workbookAlertRules.js'

interface Named {
  node: YAMLMap
  path: string
}

/** OpenSLO severities Vigil reads as a page; the ticket list is the rest it knows. */
export const OpenSloPageSeverities: readonly string[] = ['page', 'critical', 'high', 'p1', 'sev1', 'urgent']
export const OpenSloTicketSeverities: readonly string[] = [
  'ticket',
  'warning',
  'medium',
  'low',
  'info',
  'p2',
  'p3',
  'sev2',
  'sev3',
]

const ops: readonly ComparisonOp[] = ['lt', 'lte', 'gt', 'gte']

interface Ctx {
  r: SpecReader
  slis: Map<string, Named>
  policies: Map<string, Named>
  conditions: Map<string, Named>
  dataSources: Map<string, Named>
}

const nameOf = (r: SpecReader, doc: YAMLMap, path: string): string | undefined => {
  const meta = r.map(r.node(doc, 'metadata'), `${path}.metadata`, 'add metadata: {name: <name>}')
  return meta ? r.string(meta, 'name', `${path}.metadata`, { required: true }) : undefined
}

/** The metric source of a ratio part or threshold metric: Prometheus text, or a Vigil selector. */
const readMetricSource = (
  c: Ctx,
  holder: YAMLMap,
  path: string,
): { type: 'prometheus'; query: string } | { type: 'vigil'; node: YNode; path: string } | undefined => {
  const { r } = c
  const src = r.map(
    r.node(holder, 'metricSource'),
    `${path}.metricSource`,
    'add metricSource: {type: Prometheus, spec: {query: …}}',
  )
  if (!src) return undefined
  let type = r.string(src, 'type', `${path}.metricSource`)
  const ref = r.string(src, 'metricSourceRef', `${path}.metricSource`)
  if (ref !== undefined) {
    const ds = c.dataSources.get(ref)
    if (!ds) {
      r.error(
        r.node(src, 'metricSourceRef'),
        `${path}.metricSource.metricSourceRef`,
        `no DataSource named "${ref}" in this file`,
      )
      return undefined
    }
    const dsSpec = r.map(r.node(ds.node, 'spec'), `${ds.path}.spec`)
    type = dsSpec ? r.string(dsSpec, 'type', `${ds.path}.spec`, { required: true }) : undefined
  }
  if (type === undefined) {
    r.error(src, `${path}.metricSource.type`, 'missing metric source type', 'add type: Prometheus (or Vigil)')
    return undefined
  }
  const specPath = `${path}.metricSource.spec`
  if (type.toLowerCase() === 'vigil') return { type: 'vigil', node: r.node(src, 'spec'), path: specPath }
  if (type.toLowerCase() !== 'prometheus') {
    r.error(
      r.node(src, 'type'),
      `${path}.metricSource.type`,
      `metric source type "${type}" cannot be mapped`,
      'Vigil reads type Prometheus (kept for rules export) and type Vigil (its own events)',
    )
    return undefined
  }
  const spec = r.map(r.node(src, 'spec'), specPath, 'add spec: {query: <PromQL>}')
  if (!spec) return undefined
  const key = r.has(spec, 'query') ? 'query' : 'promql'
  const query = r.string(spec, key, specPath, { required: true, fix: 'add query: <PromQL>' })
  if (query === undefined) return undefined
  r.warning(
    r.node(spec, key),
    `${specPath}.${key}`,
    'Vigil cannot evaluate a Prometheus query from its own events; it is kept for rules export only',
  )
  return { type: 'prometheus', query }
}

interface Indicator {
  sli: SliSpec
  threshold: boolean
}

const readIndicator = (
  c: Ctx,
  sliDoc: YAMLMap,
  path: string,
  slo: { journey?: string; service?: string },
): Indicator | undefined => {
  const { r } = c
  const spec = r.map(r.node(sliDoc, 'spec'), `${path}.spec`)
  if (!spec) return undefined
  r.checkKeys(spec, `${path}.spec`, ['description', 'ratioMetric', 'thresholdMetric'])
  if (r.has(spec, 'thresholdMetric') === r.has(spec, 'ratioMetric')) {
    r.error(spec, `${path}.spec`, 'an SLI needs exactly one of ratioMetric and thresholdMetric')
    return undefined
  }
  if (r.has(spec, 'thresholdMetric')) {
    const p = `${path}.spec.thresholdMetric`
    const tm = r.map(r.node(spec, 'thresholdMetric'), p)
    if (!tm) return undefined
    const src = readMetricSource(c, tm, p)
    if (!src) return undefined
    if (src.type === 'vigil') {
      r.error(
        r.node(tm, 'metricSource'),
        `${p}.metricSource`,
        'a Vigil metric source is read as a ratio, not a threshold metric',
        "use ratioMetric with type Vigil (e.g. spans with good: latency), or Vigil's own format",
      )
      return undefined
    }
    return { sli: { source: 'prometheus', valueQuery: src.query }, threshold: true }
  }
  const p = `${path}.spec.ratioMetric`
  const rm = r.map(r.node(spec, 'ratioMetric'), p)
  if (!rm) return undefined
  r.checkKeys(rm, p, ['counter', 'good', 'bad', 'total', 'rawType', 'raw'])
  if (r.has(rm, 'raw')) {
    const rawType = r.oneOf(rm, 'rawType', p, ['success', 'failure'] as const, { required: true })
    const raw = r.map(r.node(rm, 'raw'), `${p}.raw`)
    const src = raw ? readMetricSource(c, raw, `${p}.raw`) : undefined
    if (!src || !rawType) return undefined
    if (src.type !== 'prometheus' || rawType !== 'failure') {
      r.error(
        r.node(rm, 'rawType'),
        `${p}.rawType`,
        `a raw ${rawType} ratio from a ${src.type} source cannot be mapped`,
        'use rawType: failure with a Prometheus query, or good/total counts',
      )
      return undefined
    }
    return { sli: { source: 'prometheus', errorRatioQuery: src.query }, threshold: false }
  }
  const part = (key: 'good' | 'bad' | 'total') => {
    if (!r.has(rm, key)) return undefined
    const m = r.map(r.node(rm, key), `${p}.${key}`)
    return m ? readMetricSource(c, m, `${p}.${key}`) : undefined
  }
  if (!r.has(rm, 'total') || r.has(rm, 'good') === r.has(rm, 'bad')) {
    r.error(rm, p, 'a ratioMetric needs total and exactly one of good and bad')
    return undefined
  }
  const total = part('total')
  const good = part('good')
  const bad = part('bad')
  const numerator = good ?? bad
  if (!total || !numerator) return undefined
  if (total.type === 'vigil' || numerator.type === 'vigil') {
    if (total.type !== 'vigil' || numerator.type !== 'vigil') {
      r.error(rm, p, 'good/bad and total must both be Vigil or both be Prometheus')
      return undefined
    }
    // A Vigil selector defines good and total together; it is read from `total`.
    const sli = readSli(c.r, total.node, total.path)
    if (!sli) return undefined
    if (sli.source === 'spans') {
      return {
        sli: {
          ...sli,
          filter: {
            ...(slo.journey ? { journey: slo.journey } : {}),
            ...(slo.service ? { service: slo.service } : {}),
            ...sli.filter,
          },
        },
        threshold: false,
      }
    }
    return { sli, threshold: false }
  }
  const prom: PrometheusSli = { source: 'prometheus', totalQuery: total.query }
  if (good?.type === 'prometheus') prom.goodQuery = good.query
  if (bad?.type === 'prometheus') prom.badQuery = bad.query
  return { sli: prom, threshold: false }
}

const readTimeWindow = (r: SpecReader, node: YNode, path: string): WindowSpec | undefined => {
  const seq = r.seq(node, path, 'add timeWindow: [{duration: 28d, isRolling: true}]')
  if (!seq) return undefined
  if (seq.items.length !== 1) {
    r.error(seq, path, 'Vigil reads exactly one time window per SLO', 'keep one entry')
    return undefined
  }
  const p = `${path}[0]`
  const tw = r.map(seq.items[0] as YNode, p)
  if (!tw) return undefined
  r.checkKeys(tw, p, ['duration', 'isRolling', 'calendar'])
  const duration = r.string(tw, 'duration', p, { required: true })
  const rolling = r.boolean(tw, 'isRolling', p) ?? !r.has(tw, 'calendar')
  if (duration === undefined) return undefined
  if (rolling) {
    const ms = parseDuration(duration)
    if (ms === null) {
      r.error(
        r.node(tw, 'duration'),
        `${p}.duration`,
        `"${duration}" is not a fixed length for a rolling window`,
        'use m, h, d or w units, e.g. 28d',
      )
      return undefined
    }
    return { type: 'rolling', durationMs: ms }
  }
  const unit = duration === '1M' ? 'month' : duration === '1Q' ? 'quarter' : undefined
  if (!unit) {
    r.error(
      r.node(tw, 'duration'),
      `${p}.duration`,
      `calendar window "${duration}" cannot be mapped`,
      'Vigil calendar windows are 1M (month) or 1Q (quarter)',
    )
    return undefined
  }
  const cal = r.map(
    r.node(tw, 'calendar'),
    `${p}.calendar`,
    'add calendar: {startTime: "2024-01-01 00:00:00", timeZone: UTC}',
  )
  if (!cal) return undefined
  const timeZone = r.string(cal, 'timeZone', `${p}.calendar`) ?? 'UTC'
  if (!isValidTimeZone(timeZone)) {
    r.error(
      r.node(cal, 'timeZone'),
      `${p}.calendar.timeZone`,
      `unknown time zone "${timeZone}"`,
      'use an IANA name such as Europe/Berlin',
    )
    return undefined
  }
  const start = r.string(cal, 'startTime', `${p}.calendar`)
  if (start !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(start.trim())
    const aligned =
      m &&
      m[3] === '01' &&
      m[4] === '00' &&
      m[5] === '00' &&
      m[6] === '00' &&
      (unit === 'month' || (Number(m[2]) - 1) % 3 === 0)
    if (!aligned) {
      r.error(
        r.node(cal, 'startTime'),
        `${p}.calendar.startTime`,
        `calendar periods must start at midnight on the 1st of a ${unit === 'month' ? 'month' : 'quarter (Jan, Apr, Jul, Oct)'}: "${start}"`,
        'use e.g. "2024-01-01 00:00:00"',
      )
      return undefined
    }
  }
  return { type: 'calendar', unit, timeZone }
}

const readConditionRule = (c: Ctx, node: YAMLMap, path: string): AlertRule | undefined => {
  const { r } = c
  const spec = r.map(r.node(node, 'spec'), `${path}.spec`)
  if (!spec) return undefined
  const p = `${path}.spec`
  const severityText = r.string(spec, 'severity', p, { required: true })
  const cond = r.map(r.node(spec, 'condition'), `${p}.condition`)
  if (!cond || severityText === undefined) return undefined
  const cp = `${p}.condition`
  const kind = r.string(cond, 'kind', cp, { required: true })
  if (kind !== undefined && kind.toLowerCase() !== 'burnrate') {
    r.error(
      r.node(cond, 'kind'),
      `${cp}.kind`,
      `alert condition kind "${kind}" cannot be mapped`,
      'Vigil alerts on burn rate: kind: burnrate',
    )
    return undefined
  }
  const op = r.oneOf(cond, 'op', cp, ops, { required: true })
  if (op === 'lt' || op === 'lte') {
    r.error(r.node(cond, 'op'), `${cp}.op`, 'a burn-rate alert fires on a high burn rate', 'use op: gte')
    return undefined
  }
  const factor = r.number(cond, 'threshold', cp, { required: true })
  const long = r.has(cond, 'lookbackWindow')
    ? readDuration(r, r.node(cond, 'lookbackWindow'), `${cp}.lookbackWindow`)
    : undefined
  if (!r.has(cond, 'lookbackWindow'))
    r.error(cond, `${cp}.lookbackWindow`, 'missing required field "lookbackWindow"', 'add lookbackWindow: 1h')
  const forMs = r.has(cond, 'alertAfter')
    ? readDuration(r, r.node(cond, 'alertAfter'), `${cp}.alertAfter`)
    : 0
  const lower = severityText.toLowerCase()
  const severity = OpenSloPageSeverities.includes(lower)
    ? 'page'
    : OpenSloTicketSeverities.includes(lower)
      ? 'ticket'
      : undefined
  if (!severity) {
    r.error(
      r.node(spec, 'severity'),
      `${p}.severity`,
      `severity "${severityText}" cannot be mapped to page or ticket`,
      `use one of: ${[...OpenSloPageSeverities, ...OpenSloTicketSeverities].join(', ')}`,
    )
  }
  if (factor !== undefined && !(factor > 0))
    r.error(r.node(cond, 'threshold'), `${cp}.threshold`, 'a burn-rate threshold must be positive')
  if (
    !severity ||
    op === undefined ||
    factor === undefined ||
    !(factor > 0) ||
    long === undefined ||
    forMs === undefined
  )
    return undefined
  // OpenSLO burn-rate conditions have one window; "gt" and "gte" differ only at the exact factor.
  return { severity, longWindowMs: long, shortWindowMs: null, factor, ...(forMs > 0 ? { forMs } : {}) }
}

const readPolicies = (c: Ctx, node: YNode, path: string): AlertingSpec => {
  const { r } = c
  const alerting: AlertingSpec = {
    minEvents: DefaultAlerting.minEvents,
    page: false,
    ticket: false,
    rules: [],
  }
  if (node === undefined) return { ...alerting, rules: [...WorkbookAlertRules] }
  const seq = r.seq(node, path)
  if (!seq) return alerting
  seq.items.forEach((item, i) => {
    const p = `${path}[${i}]`
    let policy: Named | undefined
    if (isScalar(item) && typeof item.value === 'string') policy = c.policies.get(item.value)
    else if (isMap(item) && r.has(item, 'alertPolicyRef')) {
      const name = r.string(item, 'alertPolicyRef', p)
      policy = name !== undefined ? c.policies.get(name) : undefined
    } else if (isMap(item)) policy = { node: item, path: p }
    if (!policy) {
      r.error(
        item as YNode,
        p,
        'alert policy not found in this file',
        'define it as kind: AlertPolicy in the same file or inline',
      )
      return
    }
    const spec = r.map(r.node(policy.node, 'spec'), `${policy.path}.spec`)
    if (!spec) return
    for (const flag of ['alertWhenNoData', 'alertWhenResolved'] as const) {
      if (r.boolean(spec, flag, `${policy.path}.spec`) === true) {
        r.warning(
          r.node(spec, flag),
          `${policy.path}.spec.${flag}`,
          `${flag} is not supported and is ignored`,
        )
      }
    }
    const conditions = r.seq(r.node(spec, 'conditions'), `${policy.path}.spec.conditions`)
    conditions?.items.forEach((cItem, k) => {
      const cp = `${policy.path}.spec.conditions[${k}]`
      let cond: Named | undefined
      if (isMap(cItem) && r.has(cItem, 'conditionRef')) {
        const name = r.string(cItem, 'conditionRef', cp)
        cond = name !== undefined ? c.conditions.get(name) : undefined
        if (!cond) r.error(cItem, `${cp}.conditionRef`, `no AlertCondition named "${name}" in this file`)
      } else if (isMap(cItem)) cond = { node: cItem, path: cp }
      if (!cond) return
      const rule = readConditionRule(c, cond.node, cond.path)
      if (rule) {
        alerting.rules.push(rule)
        alerting[rule.severity] = true
      }
    })
  })
  return alerting
}

const readSloDoc = (c: Ctx, doc: YAMLMap, path: string): SloSpec[] => {
  const { r } = c
  const before = r.errorCount
  const name = nameOf(r, doc, path)
  const meta = r.map(r.node(doc, 'metadata'), `${path}.metadata`)
  const displayName = meta ? r.string(meta, 'displayName', `${path}.metadata`) : undefined
  const labels =
    meta && r.has(meta, 'labels') ? r.labels(r.node(meta, 'labels'), `${path}.metadata.labels`) : {}
  const spec = r.map(r.node(doc, 'spec'), `${path}.spec`)
  if (!spec || name === undefined) return []
  const sp = `${path}.spec`
  r.checkKeys(spec, sp, [
    'description',
    'service',
    'indicator',
    'indicatorRef',
    'timeWindow',
    'budgetingMethod',
    'objectives',
    'alertPolicies',
  ])
  const description = r.string(spec, 'description', sp)
  const service = r.string(spec, 'service', sp)
  const journey = labels.journey
  let sliDoc: Named | undefined
  if (r.has(spec, 'indicatorRef')) {
    const ref = r.string(spec, 'indicatorRef', sp)
    sliDoc = ref !== undefined ? c.slis.get(ref) : undefined
    if (!sliDoc)
      r.error(
        r.node(spec, 'indicatorRef'),
        `${sp}.indicatorRef`,
        `no SLI named "${ref}" in this file`,
        'define it as kind: SLI in the same file',
      )
  } else if (r.has(spec, 'indicator')) {
    const m = r.map(r.node(spec, 'indicator'), `${sp}.indicator`)
    if (m) sliDoc = { node: m, path: `${sp}.indicator` }
  } else r.error(spec, `${sp}.indicator`, 'an SLO needs indicator or indicatorRef')
  const indicator = sliDoc
    ? readIndicator(c, sliDoc.node, sliDoc.path, {
        ...(journey ? { journey } : {}),
        ...(service ? { service } : {}),
      })
    : undefined
  const window = readTimeWindow(r, r.node(spec, 'timeWindow'), `${sp}.timeWindow`)
  const method = r.oneOf(
    spec,
    'budgetingMethod',
    sp,
    ['Occurrences', 'Timeslices', 'RatioTimeslices'] as const,
    { required: true },
  )
  const alerting = readPolicies(c, r.node(spec, 'alertPolicies'), `${sp}.alertPolicies`)
  const objectives = r.seq(r.node(spec, 'objectives'), `${sp}.objectives`, 'add objectives: [{target: 0.99}]')
  if (!objectives || !indicator || !window || !method) return []
  const out: SloSpec[] = []
  objectives.items.forEach((item, i) => {
    const op = `${sp}.objectives[${i}]`
    const o = r.map(item as YNode, op)
    if (!o) return
    r.checkKeys(o, op, [
      'displayName',
      'op',
      'value',
      'target',
      'targetPercent',
      'timeSliceTarget',
      'timeSliceWindow',
      'indicator',
      'indicatorRef',
      'compositeWeight',
    ])
    for (const key of ['indicator', 'indicatorRef', 'compositeWeight']) {
      if (r.has(o, key)) {
        r.error(
          r.node(o, key),
          `${op}.${key}`,
          'objective-level indicators (OpenSLO composites) cannot be mapped',
          'import the parts as separate SLOs and combine them with a Vigil composite',
        )
      }
    }
    const target = r.has(o, 'targetPercent')
      ? fromPercent(r.number(o, 'targetPercent', op) ?? Number.NaN)
      : r.number(o, 'target', op, { required: true })
    if (target !== undefined && !(target > 0 && target < 1)) {
      r.error(
        r.node(o, r.has(o, 'targetPercent') ? 'targetPercent' : 'target'),
        `${op}.target`,
        `target ${target} is not strictly between 0 and 1`,
      )
    }
    let sli = indicator.sli
    if (indicator.threshold) {
      const cmp = r.oneOf(o, 'op', op, ops, {
        required: true,
        fix: 'thresholdMetric objectives need op and value',
      })
      const value = r.number(o, 'value', op, { required: true })
      if (cmp && value !== undefined && sli.source === 'prometheus')
        sli = { ...sli, threshold: { op: cmp, value } }
    }
    let budgeting: BudgetingSpec | undefined
    if (method === 'Occurrences') budgeting = { method: 'occurrences' }
    else {
      const sliceMs = r.has(o, 'timeSliceWindow')
        ? readDuration(r, r.node(o, 'timeSliceWindow'), `${op}.timeSliceWindow`)
        : undefined
      if (!r.has(o, 'timeSliceWindow'))
        r.error(o, `${op}.timeSliceWindow`, `${method} needs timeSliceWindow`, 'add timeSliceWindow: 1m')
      if (method === 'RatioTimeslices' && sliceMs !== undefined)
        budgeting = { method: 'ratioTimeslices', sliceMs }
      if (method === 'Timeslices') {
        const sliceTarget = r.number(o, 'timeSliceTarget', op, {
          required: true,
          fix: 'add timeSliceTarget: 0.95',
        })
        if (sliceTarget !== undefined && !(sliceTarget > 0 && sliceTarget <= 1)) {
          r.error(r.node(o, 'timeSliceTarget'), `${op}.timeSliceTarget`, 'timeSliceTarget must be in (0,1]')
        } else if (sliceTarget !== undefined && sliceMs !== undefined) {
          // A slice is good when its share of good events (or of samples meeting the threshold) reaches the slice target.
          budgeting = {
            method: 'timeslices',
            sliceMs,
            condition: { measure: 'ratio', op: 'gte', threshold: sliceTarget },
            emptySlices: 'skip',
          }
        }
      }
    }
    if (r.errorCount > before || target === undefined || !budgeting) return
    const objName = r.string(o, 'displayName', op)
    const id =
      objectives.items.length === 1
        ? name
        : `${name}-${(objName ?? String(i)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}`
    out.push({
      id,
      ...(displayName !== undefined ? { displayName } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(journey !== undefined ? { journey } : {}),
      ...(service !== undefined ? { service } : {}),
      sli,
      objective: target,
      window,
      budgeting,
      alerting,
      labels,
      origin: { format: 'openslo', file: r.file, line: r.position(o).line },
    })
  })
  return out
}

const knownKinds = [
  'SLO',
  'SLI',
  'AlertPolicy',
  'AlertCondition',
  'DataSource',
  'Service',
  'AlertNotificationTarget',
]

/**
 * Imports OpenSLO v1 documents (SLO, SLI, AlertPolicy, AlertCondition, DataSource; several per
 * file) into Vigil's model. Prometheus queries are kept for rules export with a warning; a metric
 * source of type `Vigil` carries Vigil's own SLI selector. What cannot be mapped is an error naming
 * the field and its line. The label `journey` on an SLO sets its journey.
 */
export const importOpenSlo = (text: string, file: string): SloSpecResult => {
  const lines = new LineCounter()
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false })
  const r = new SpecReader(file, lines)
  const list = Array.isArray(docs) ? docs : []
  for (const doc of list) {
    for (const e of doc.errors) {
      r.issues.push({
        severity: 'error',
        file,
        ...lines.linePos(e.pos[0]),
        path: '',
        message: `YAML: ${e.message.split('\n')[0]}`,
      })
    }
  }
  if (r.errorCount > 0) return { ok: false, slos: [], issues: r.issues }
  const c: Ctx = { r, slis: new Map(), policies: new Map(), conditions: new Map(), dataSources: new Map() }
  const slos: Named[] = []
  const roots: Named[] = []
  list.forEach((doc, d) => {
    const items = isSeq(doc.contents) ? doc.contents.items : [doc.contents]
    items.forEach((item, k) => {
      if (item === null) return
      const path = isSeq(doc.contents) ? `doc${d + 1}[${k}]` : `doc${d + 1}`
      const m = r.map(item as YNode, path)
      if (m) roots.push({ node: m, path })
    })
  })
  for (const { node, path } of roots) {
    const api = r.string(node, 'apiVersion', path, { required: true, fix: 'add apiVersion: openslo/v1' })
    if (api !== undefined && api !== 'openslo/v1') {
      r.error(
        r.node(node, 'apiVersion'),
        `${path}.apiVersion`,
        `apiVersion "${api}" is not supported`,
        'Vigil imports openslo/v1',
      )
      continue
    }
    const kind = r.oneOf(node, 'kind', path, knownKinds, { required: true })
    if (!kind || kind === 'Service' || kind === 'AlertNotificationTarget') continue
    if (kind === 'SLO') {
      slos.push({ node, path })
      continue
    }
    const name = nameOf(r, node, path)
    if (name === undefined) continue
    const table =
      kind === 'SLI'
        ? c.slis
        : kind === 'AlertPolicy'
          ? c.policies
          : kind === 'AlertCondition'
            ? c.conditions
            : c.dataSources
    table.set(name, { node, path })
  }
  const out = slos.flatMap(({ node, path }) => readSloDoc(c, node, path))
  const issues = [...r.issues, ...checkSlos(out)]
  return { ok: !issues.some((i) => i.severity === 'error'), slos: out, issues }
}
