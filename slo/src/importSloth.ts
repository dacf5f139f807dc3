import { LineCounter, parseDocument } from 'yaml'
import { checkSlos } from './checkSlos.js'
import { DefaultAlerting } from './defaultAlerting.js'
import type { SloSpecResult } from './parseSloSpec.js'
import type { PrometheusSli, SloSpec } from './spec.js'
import { fromPercent } from './specFields.js'
import { type SpecReader as Reader, SpecReader, type YNode } from './specReader.js'
import { WorkbookAlertRules } from './workbookAlertRules.js'

/** Options for `importSloth`. */
export interface ImportSlothOptions {
  /** Sloth files carry no window; Sloth's default SLO period is 30 days. */
  periodMs?: number
}

const readQuery = (r: Reader, node: YNode, path: string, key: string): string | undefined => {
  const map = r.map(node, path)
  if (!map) return undefined
  const q = r.string(map, key, path, { required: true })
  if (q !== undefined) {
    r.warning(
      r.node(map, key),
      `${path}.${key}`,
      'Vigil cannot evaluate a Prometheus query from its own events; it is kept for rules export only',
    )
  }
  return q
}

/**
 * Imports a Sloth `prometheus/v1` file. Objectives are percentages in Sloth (99.9) and become
 * fractions; `events` and `raw` SLIs become opaque Prometheus sources; SLI plugins cannot be mapped
 * and are errors naming the field and line. Ids are `<service>-<name>`, as Sloth names them.
 */
export const importSloth = (text: string, file: string, options: ImportSlothOptions = {}): SloSpecResult => {
  const periodMs = options.periodMs ?? 30 * 86_400_000
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  const r = new SpecReader(file, lines)
  for (const e of doc.errors) {
    r.issues.push({
      severity: 'error',
      file,
      ...lines.linePos(e.pos[0]),
      path: '',
      message: `YAML: ${e.message.split('\n')[0]}`,
    })
  }
  if (doc.errors.length > 0) return { ok: false, slos: [], issues: r.issues }
  const root = r.map(doc.contents, '(root)')
  const out: SloSpec[] = []
  if (root) {
    r.checkKeys(root, '(root)', ['version', 'service', 'labels', 'slos'])
    const version = r.string(root, 'version', '(root)', {
      required: true,
      fix: 'add version: "prometheus/v1"',
    })
    if (version !== undefined && version !== 'prometheus/v1') {
      r.error(
        r.node(root, 'version'),
        'version',
        `Sloth version "${version}" is not supported`,
        'Vigil imports prometheus/v1 (Kubernetes CRDs and OpenSLO have their own importers)',
      )
    }
    const service = r.string(root, 'service', '(root)', { required: true })
    const rootLabels = r.labels(r.node(root, 'labels'), 'labels')
    const seq = r.seq(r.node(root, 'slos'), 'slos')
    seq?.items.forEach((item, i) => {
      const path = `slos[${i}]`
      const map = r.map(item as YNode, path)
      if (!map || service === undefined) return
      const before = r.errorCount
      r.checkKeys(map, path, ['name', 'objective', 'description', 'sli', 'alerting', 'labels'])
      const name = r.string(map, 'name', path, { required: true })
      const percent = r.number(map, 'objective', path, {
        required: true,
        fix: 'add objective: 99.9 (a percentage)',
      })
      if (percent !== undefined && !(percent > 0 && percent < 100)) {
        r.error(
          r.node(map, 'objective'),
          `${path}.objective`,
          `objective ${percent} is not a percentage strictly between 0 and 100`,
        )
      }
      const description = r.string(map, 'description', path)
      const labels = { ...rootLabels, ...r.labels(r.node(map, 'labels'), `${path}.labels`) }
      const sliMap = r.map(r.node(map, 'sli'), `${path}.sli`)
      let sli: PrometheusSli | undefined
      if (sliMap) {
        const sp = `${path}.sli`
        r.checkKeys(sliMap, sp, ['events', 'raw', 'plugin'])
        if (r.has(sliMap, 'plugin')) {
          r.error(
            r.node(sliMap, 'plugin'),
            `${sp}.plugin`,
            'Sloth SLI plugins run Go code and cannot be mapped',
            'expand the plugin into sli.events with error_query and total_query',
          )
        } else if (r.has(sliMap, 'events')) {
          const ev = r.map(r.node(sliMap, 'events'), `${sp}.events`)
          if (ev) r.checkKeys(ev, `${sp}.events`, ['error_query', 'total_query'])
          const bad = readQuery(r, r.node(sliMap, 'events'), `${sp}.events`, 'error_query')
          const total = ev ? r.string(ev, 'total_query', `${sp}.events`, { required: true }) : undefined
          if (bad !== undefined && total !== undefined)
            sli = { source: 'prometheus', badQuery: bad, totalQuery: total }
        } else if (r.has(sliMap, 'raw')) {
          const q = readQuery(r, r.node(sliMap, 'raw'), `${sp}.raw`, 'error_ratio_query')
          if (q !== undefined) sli = { source: 'prometheus', errorRatioQuery: q }
        } else
          r.error(
            sliMap,
            sp,
            'an SLI needs events, raw or plugin',
            'add events: {error_query: …, total_query: …}',
          )
      }
      let page = true
      let ticket = true
      const alertingNode = r.node(map, 'alerting')
      if (alertingNode !== undefined) {
        const al = r.map(alertingNode, `${path}.alerting`)
        if (al) {
          r.checkKeys(al, `${path}.alerting`, ['name', 'labels', 'annotations', 'page_alert', 'ticket_alert'])
          for (const [key, set] of [
            [
              'page_alert',
              (v: boolean) => {
                page = v
              },
            ],
            [
              'ticket_alert',
              (v: boolean) => {
                ticket = v
              },
            ],
          ] as const) {
            const sub = r.node(al, key)
            if (sub === undefined || sub === null) continue
            const m = r.map(sub, `${path}.alerting.${key}`)
            if (!m) continue
            r.checkKeys(m, `${path}.alerting.${key}`, ['disable', 'labels', 'annotations'])
            set(!(r.boolean(m, 'disable', `${path}.alerting.${key}`) ?? false))
          }
        }
      }
      if (r.errorCount > before || name === undefined || percent === undefined || !sli) return
      out.push({
        id: `${service}-${name}`,
        ...(description !== undefined ? { description } : {}),
        service,
        sli,
        objective: fromPercent(percent),
        window: { type: 'rolling', durationMs: periodMs },
        budgeting: { method: 'occurrences' },
        alerting: { minEvents: DefaultAlerting.minEvents, page, ticket, rules: [...WorkbookAlertRules] },
        labels,
        origin: { format: 'sloth', file, line: r.position(map).line },
      })
    })
  }
  const issues = [...r.issues, ...checkSlos(out)]
  return { ok: !issues.some((i) => i.severity === 'error'), slos: out, issues }
}
