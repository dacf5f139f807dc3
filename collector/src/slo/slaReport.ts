import { type Counts, errorBudget, type MinuteBucket, type SloSpec, sli, zonedTimeToUtc } from '@vigil/slo'
import { isEvaluable, type SloService } from './SloService.js'
import { countsOver } from './sloBurnRates.js'
import { bucketIdsOf, sloDataOf } from './sloData.js'
import { type CollectorSloData, sloStatus } from './sloStatus.js'

/** One day of an SLO's month. */
export interface SlaDay extends Counts {
  /** Local date, `YYYY-MM-DD`. */
  day: string
  bad: number
  sli: number | null
}

/** One SLO's month. */
export interface SlaEntry {
  id: string
  displayName?: string
  objective: number
  /** `YYYY-MM-DD` bounds are local midnights in this zone (the SLO's calendar zone, else UTC). */
  timeZone: string
  start: number
  end: number
  unit: 'events' | 'slices' | 'weight'
  counts: Counts
  /** SLI over the month; `null` without data. */
  attainment: number | null
  /** `null` when the month had no data. */
  met: boolean | null
  /** Share of the month's error budget spent (above 1 when overspent). */
  budgetUsed: number
  /** Up to three days with the most bad events, worst first (days without bad events left out). */
  worstDays: SlaDay[]
}

/** SLOs of one journey (or of one service when they name no journey). */
export interface SlaJourney {
  journey: string
  slos: SlaEntry[]
}

export interface SlaReport {
  month: string
  journeys: SlaJourney[]
}

/** Parses `YYYY-MM`; RangeError otherwise. */
export const parseMonth = (month: string): { year: number; month: number } => {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month)
  if (!m) throw new RangeError(`month must be YYYY-MM (got ${JSON.stringify(month)})`)
  return { year: Number(m[1]), month: Number(m[2]) }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Where an SLO's month lies: its zone's local midnights. */
interface MonthLayout {
  timeZone: string
  start: number
  end: number
  dayStarts: number[]
}

const layoutOf = (timeZone: string, year: number, month: number): MonthLayout => {
  const start = zonedTimeToUtc({ year, month, day: 1 }, timeZone)
  const end = zonedTimeToUtc({ year, month: month + 1, day: 1 }, timeZone)
  const dayStarts: number[] = []
  for (let day = 1; ; day++) {
    const from = zonedTimeToUtc({ year, month, day }, timeZone)
    if (from >= end) break
    dayStarts.push(from)
  }
  return { timeZone, start, end, dayStarts }
}

const zoneOf = (slo: SloSpec) => (slo.window.type === 'calendar' ? slo.window.timeZone : 'UTC')

/** Day sums keep every boundary the report uses (the month's and each day's); slices need minutes. */
const byDays = (service: SloService, slo: SloSpec) =>
  service.readDays !== undefined && slo.budgeting.method === 'occurrences'

const dataOf = (slo: SloSpec, byId: ReadonlyMap<string, MinuteBucket[]>): CollectorSloData =>
  sloDataOf(slo, (id) => byId.get(id))

const monthEntry = (
  slo: SloSpec,
  data: CollectorSloData,
  { timeZone, start, end, dayStarts }: MonthLayout,
  year: number,
  month: number,
): SlaEntry => {
  // The month as a rolling window ending at its last instant: the same counting, budget and slices
  // as any evaluation, over exactly [start, end).
  const monthSpec: SloSpec = { ...slo, window: { type: 'rolling', durationMs: end - start } }
  const status = sloStatus(monthSpec, data, end)
  const days: SlaDay[] = dayStarts.map((from, i) => {
    const counts = countsOver(slo, data, from, dayStarts[i + 1] ?? end)
    return {
      day: `${year}-${pad(month)}-${pad(i + 1)}`,
      ...counts,
      bad: counts.total - counts.good,
      sli: sli(counts),
    }
  })
  const worstDays = days
    .filter((d) => d.bad > 0)
    .sort((a, b) => b.bad - a.bad || a.day.localeCompare(b.day))
    .slice(0, 3)
  return {
    id: slo.id,
    ...(slo.displayName !== undefined ? { displayName: slo.displayName } : {}),
    objective: slo.objective,
    timeZone,
    start,
    end,
    unit: status.unit,
    counts: status.counts,
    attainment: status.sli,
    met: status.sli === null ? null : status.sli >= slo.objective,
    budgetUsed: errorBudget(slo.objective, status.counts, end - start).consumed,
    worstDays,
  }
}

/**
 * The SLA report of a month: per journey, each SLO's attainment against its objective, whether it
 * was met, the budget used and the worst days. Months are local to each SLO's calendar zone.
 */
export const slaReport = async (service: SloService, month: string): Promise<SlaReport> => {
  const { year, month: m } = parseMonth(month)
  const slos = service.slos.filter(isEvaluable)
  const layouts = new Map<string, MonthLayout>()
  for (const slo of slos) {
    const zone = zoneOf(slo)
    if (!layouts.has(zone)) layouts.set(zone, layoutOf(zone, year, m))
  }
  // One read of day sums per time zone for every SLO summed by day.
  const days = new Map<string, Map<string, MinuteBucket[]>>()
  for (const [zone, layout] of layouts) {
    const ids = [
      ...new Set(slos.filter((s) => zoneOf(s) === zone && byDays(service, s)).flatMap(bucketIdsOf)),
    ]
    if (ids.length > 0 && service.readDays)
      days.set(zone, await service.readDays(ids, layout.dayStarts, layout.end))
  }
  const groups = new Map<string, SlaEntry[]>()
  for (const slo of slos) {
    const zone = zoneOf(slo)
    const layout = layouts.get(zone) ?? layoutOf(zone, year, m)
    const data = byDays(service, slo)
      ? dataOf(slo, days.get(zone) ?? new Map())
      : await service.data(slo, layout.start, layout.end)
    const key = slo.journey ?? slo.service ?? slo.id
    const list = groups.get(key) ?? []
    list.push(monthEntry(slo, data, layout, year, m))
    groups.set(key, list)
  }
  return { month, journeys: [...groups].map(([journey, slos]) => ({ journey, slos })) }
}
