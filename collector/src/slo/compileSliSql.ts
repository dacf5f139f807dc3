import type { SloSpec, SpanFilter } from '@vigil/slo'
import {
  type SliSourceKind,
  type SloDimension,
  SpanJourneyAttribute,
  SpanSampleRateAttribute,
} from './sliRelations.js'
import { sqlNumber, sqlString } from './sqlLiteral.js'

/**
 * An SLI as SQL over one staged row (see `sliRelations.ts`). Every expression is per row; the rollup
 * multiplies `good` and `total` by `weight` and sums them per minute.
 */
export interface CompiledSli {
  source: SliSourceKind
  /** Boolean: the row counts for this SLI. */
  where: string
  /** Numeric good contribution of a matching row before weighting (0 or 1; −1 retracts a good view). */
  good: string
  /** Numeric total contribution before weighting (0 or 1). */
  total: string
  /** Weight of the row: `1 / sample rate` (negative for a withdrawn RUM contribution). */
  weight: string
  /** Epoch ms of the minute the row counts in. */
  minute: string
  /** The row's value for percentile slices (span duration in ms, vital value); `null` when the SLI has none. */
  value: string | null
  /** Expression for each dimension (NULL where the signal does not know it). */
  dimensions: Readonly<Record<SloDimension, string>>
}

const minuteOf = (timestamp: string) => `epoch_ms(date_trunc('minute', ${timestamp}))`

const flag = (condition: string) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`

const attr = (map: string, key: string) => `json_extract_string(${map}[${sqlString(key)}], '$')`

const spanFilterSql = (filter: SpanFilter): string[] => {
  const parts: string[] = []
  if (filter.service !== undefined) parts.push(`ServiceName = ${sqlString(filter.service)}`)
  if (filter.route !== undefined)
    parts.push(`${attr('SpanAttributes', 'http.route')} = ${sqlString(filter.route)}`)
  if (filter.journey !== undefined)
    parts.push(`${attr('SpanAttributes', SpanJourneyAttribute)} = ${sqlString(filter.journey)}`)
  if (filter.name !== undefined) parts.push(`SpanName = ${sqlString(filter.name)}`)
  return parts
}

const and = (parts: readonly string[]) =>
  parts.length === 0 ? 'TRUE' : parts.map((p) => `(${p})`).join(' AND ')

const spanRate = `TRY_CAST(${attr('SpanAttributes', SpanSampleRateAttribute)} AS DOUBLE)`
const spanWeight = `CASE WHEN ${spanRate} > 0 AND ${spanRate} <= 1 THEN 1.0 / ${spanRate} ELSE 1.0 END`
const rumWeight = 'Sign * CASE WHEN SampleRate > 0 AND SampleRate <= 1 THEN 1.0 / SampleRate ELSE 1.0 END'

const spanDimensions: Record<SloDimension, string> = {
  route: attr('SpanAttributes', 'http.route'),
  release: attr('ResourceAttributes', 'service.version'),
  browser: 'CAST(NULL AS VARCHAR)',
  country: 'CAST(NULL AS VARCHAR)',
  service: 'ServiceName',
}

const rumDimensions: Record<SloDimension, string> = {
  route: 'Route',
  release: 'Release',
  browser: 'Browser',
  country: 'Country',
  service: 'CAST(NULL AS VARCHAR)',
}

/**
 * Compiles a native SLI (`source: spans | rum`) to SQL; `null` for composites and Prometheus SLIs,
 * which have no events of their own. Values from the spec enter only through `sqlString`/`sqlNumber`.
 *
 * RUM semantics at commit time, over the rows `stagedRumRelation` builds:
 * - `journeyStep`: each step of a journey instance counts once at its start's minute, good once the
 *   instance got past it (the relation's `journey_step` rows); with `step`, only that step.
 * - `pageView`: a page view adds 1 good and 1 total at its minute; the view's first error retracts
 *   the good (−1) at the view's minute, so each minute keeps 0 ≤ good ≤ total.
 * - `vital`: each metric instance counts once with its latest value, good when `value ≤ threshold`
 *   (a newer report withdraws the older one; see `stagedRumRelation`).
 */
export const compileSliSql = (slo: SloSpec): CompiledSli | null => {
  const { sli } = slo
  if (sli.source === 'spans') {
    const filter: SpanFilter = {
      ...(slo.service !== undefined ? { service: slo.service } : {}),
      ...(slo.journey !== undefined ? { journey: slo.journey } : {}),
      ...sli.filter,
    }
    const good =
      sli.good === 'latency'
        ? `Duration <= ${sqlNumber((sli.thresholdMs ?? 0) * 1_000_000)}`
        : `StatusCode <> 'Error'`
    return {
      source: 'spans',
      where: and(spanFilterSql(filter)),
      good: flag(good),
      total: '1',
      weight: spanWeight,
      minute: minuteOf('Timestamp'),
      value: `Duration / ${sqlNumber(1_000_000)}`,
      dimensions: spanDimensions,
    }
  }
  if (sli.source !== 'rum') return null
  const rum = (
    where: string[],
    good: string,
    total: string,
    minute = minuteOf('Timestamp'),
    value: string | null = null,
  ): CompiledSli => ({
    source: 'rum',
    where: and(where),
    good,
    total,
    weight: rumWeight,
    minute,
    value,
    dimensions: rumDimensions,
  })
  if (sli.event === 'journeyStep') {
    const where = ["EventType = 'journey_step'", `Journey = ${sqlString(slo.journey ?? '')}`]
    if (sli.step !== undefined) where.push(`Step = ${sqlString(sli.step)}`)
    return rum(where, flag("Status = 'passed'"), '1')
  }
  if (sli.event === 'pageView') {
    const where = ["(EventType = 'page_view' OR (EventType = 'error' AND FirstErrorOfView))"]
    if (sli.route !== undefined) where.push(`Route = ${sqlString(sli.route)}`)
    return rum(
      where,
      "CASE WHEN EventType = 'page_view' THEN 1 ELSE -1 END",
      flag("EventType = 'page_view'"),
      minuteOf('ViewTimestamp'),
    )
  }
  const where = ["EventType = 'web_vital'", `VitalName = ${sqlString(sli.vital)}`]
  if (sli.route !== undefined) where.push(`Route = ${sqlString(sli.route)}`)
  return rum(
    where,
    flag(`VitalValue <= ${sqlNumber(sli.threshold)}`),
    '1',
    minuteOf('Timestamp'),
    'VitalValue',
  )
}
