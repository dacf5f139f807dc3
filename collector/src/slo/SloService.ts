import type { Counts, MinuteBucket, SloSpec, SloStatus } from '@vigil/slo'
import { evaluationBoundaries } from './evaluationBoundaries.js'
import { judgeNewSlices } from './judgeNewSlices.js'
import type { SliceTotals } from './loadSliceTotals.js'
import { percentileStream } from './percentileStream.js'
import type { SloDimension } from './sliRelations.js'
import { sloBurnRates } from './sloBurnRates.js'
import {
  type BucketReader,
  bucketIdsOf,
  bucketsFrom,
  earliestNeeded,
  loadSloData,
  type ManyBucketReader,
  sloDataOf,
} from './sloData.js'
import { type CollectorSloData, sloStatus } from './sloStatus.js'

/** One SLO evaluated at one instant: the engine's status plus the burn rates the API lists. */
export interface SloEvaluation {
  slo: SloSpec
  status: SloStatus
  /** Burn rate per window name (`5m` … `3d`); `null` without traffic in that window. */
  burnRates: Record<string, number | null>
}

/** Reads per-value counts of one dimension of one SLO over `[from, to)`, epoch ms. */
export type SliceReader = (
  sloId: string,
  dimension: SloDimension,
  from: number,
  to: number,
) => Promise<SliceTotals[]>

/** Reads buckets of several SLOs summed per day, days starting at `dayStarts`, up to `end`. */
export type DayBucketReader = (
  sloIds: readonly string[],
  dayStarts: readonly number[],
  end: number,
) => Promise<Map<string, MinuteBucket[]>>

/** Minimal pino-compatible logger. */
export interface SloServiceLogger {
  error(object: object, message: string): void
}

export interface SloServiceOptions {
  /** Every SLO of the configuration; Prometheus SLIs are kept but never evaluated. */
  slos: readonly SloSpec[]
  read: BucketReader
  /** Optional: one read for many SLOs, used by `evaluateAll` (one scan instead of one per SLO). */
  readMany?: ManyBucketReader
  /** Optional: buckets summed per day (see `loadDayBuckets`), used by month reports. */
  readDays?: DayBucketReader
  /** Counts per value of a dimension over `[from, to)`, for attribution. */
  readSlices: SliceReader
  /** Clock for the loop; tests pass their own. */
  now?: () => number
  log?: SloServiceLogger
}

const evaluation = (slo: SloSpec, data: CollectorSloData, at: number): SloEvaluation => ({
  slo,
  status: sloStatus(slo, data, at),
  burnRates: sloBurnRates(slo, data, at),
})

/** How often the loop re-evaluates every SLO. */
export const SloEvaluationIntervalMs = 30_000

/** True for SLOs Vigil evaluates from its own events (native SLIs and composites of them). */
export const isEvaluable = (slo: SloSpec): boolean => slo.sli.source !== 'prometheus'

/**
 * Holds the configured SLOs, evaluates them with `@vigil/slo`'s `evaluateSlo` from the minute
 * rollups, keeps the latest evaluation of each, and counts the weighted events the commit path added
 * (for `vigil_sli_events_total`). Any past instant can be evaluated exactly with `evaluate(id, at)`.
 */
export class SloService {
  readonly slos: readonly SloSpec[]
  private readonly byId: Map<string, SloSpec>
  private readonly read: BucketReader
  private readonly readMany: ManyBucketReader | undefined
  readonly readSlices: SliceReader
  readonly readDays: DayBucketReader | undefined
  private readonly now: () => number
  /** Where a failed evaluation round is reported; settable once the app's logger exists. */
  log: SloServiceLogger | undefined
  private readonly latestById = new Map<string, SloEvaluation>()
  private readonly counters = new Map<string, Counts>()
  private readonly sliceCounters = new Map<string, Counts>()
  /** Per slice-budgeted SLO: start of the first slice not yet judged for the counters. */
  private readonly nextSlice = new Map<string, number>()
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined

  constructor(options: SloServiceOptions) {
    this.slos = options.slos
    this.byId = new Map(options.slos.map((s) => [s.id, s]))
    this.read = options.read
    this.readMany = options.readMany
    this.readSlices = options.readSlices
    this.readDays = options.readDays
    this.now = options.now ?? Date.now
    this.log = options.log
    const startedAt = this.now()
    for (const slo of this.slos) {
      if (slo.sli.source === 'composite' || slo.sli.source === 'prometheus') continue
      if (judgeNewSlices(slo, [], startedAt, startedAt) !== null) {
        this.nextSlice.set(slo.id, startedAt)
        this.sliceCounters.set(slo.id, { good: 0, total: 0 })
      }
    }
  }

  get(id: string): SloSpec | undefined {
    return this.byId.get(id)
  }

  /** The data `sloStatus` reads for `slo` over `[from, to)`, minute by minute. */
  data(slo: SloSpec, from: number, to: number): Promise<CollectorSloData> {
    return loadSloData(slo, this.byId, this.read, from, to)
  }

  /** Evaluates one SLO at `at` (epoch ms) from the rollups as they are now. */
  async evaluate(slo: SloSpec, at: number): Promise<SloEvaluation> {
    const summed = await this.readSummed([slo], at)
    const data = summed.get(slo.id) ?? (await this.data(slo, earliestNeeded(slo, at), at))
    return evaluation(slo, data, at)
  }

  /** Evaluates every evaluable SLO at `at`, in configuration order. */
  async evaluateAll(at: number): Promise<SloEvaluation[]> {
    const evaluable = this.slos.filter(isEvaluable)
    const summed = await this.readSummed(evaluable, at)
    const rest = evaluable.filter((slo) => !summed.has(slo.id))
    if (this.readMany === undefined) {
      const out: SloEvaluation[] = []
      for (const slo of evaluable) {
        const data = summed.get(slo.id)
        out.push(data === undefined ? await this.evaluate(slo, at) : evaluation(slo, data, at))
      }
      return out
    }
    const earliest = new Map(rest.map((slo) => [slo.id, earliestNeeded(slo, at)]))
    const ids = [...new Set(rest.flatMap(bucketIdsOf))]
    const from = Math.min(...earliest.values())
    const all = ids.length > 0 ? await this.readMany(ids, from, at) : new Map<string, MinuteBucket[]>()
    return evaluable.map((slo) => {
      const start = earliest.get(slo.id) ?? from
      const data = summed.get(slo.id) ?? sloDataOf(slo, (id) => bucketsFrom(all.get(id) ?? [], start))
      return evaluation(slo, data, at)
    })
  }

  /**
   * The data of the SLOs among `slos` whose evaluation at `at` only sums between a few instants
   * (`evaluationBoundaries`), summed between them by the store: one read, a few rows per SLO.
   */
  private async readSummed(slos: readonly SloSpec[], at: number): Promise<Map<string, CollectorSloData>> {
    const out = new Map<string, CollectorSloData>()
    if (this.readDays === undefined) return out
    const plans = slos.flatMap((slo) => {
      const boundaries = evaluationBoundaries(slo, at)
      return boundaries === null ? [] : [{ slo, boundaries }]
    })
    if (plans.length === 0) return out
    const all = [...new Set(plans.flatMap((p) => p.boundaries))].sort((a, b) => a - b)
    const sums = await this.readDays([...new Set(plans.map((p) => p.slo.id))], all, at)
    for (const { slo, boundaries } of plans) {
      const first = boundaries[0] ?? at
      out.set(
        slo.id,
        sloDataOf(slo, (id) => bucketsFrom(sums.get(id) ?? [], first)),
      )
    }
    return out
  }

  /** The loop's latest evaluation of each SLO (empty until the first round finished). */
  latest(): SloEvaluation[] {
    return this.slos.flatMap((s) => this.latestById.get(s.id) ?? [])
  }

  /** Evaluates everything now and keeps the result; rounds never overlap. */
  refresh(): Promise<void> {
    const now = this.now()
    this.running ??= this.evaluateAll(now)
      .then(async (evaluations) => {
        for (const e of evaluations) this.latestById.set(e.slo.id, e)
        await this.judgeSlices(now)
      })
      .catch((error: unknown) => this.log?.error({ err: error }, 'SLO evaluation failed'))
      .finally(() => {
        this.running = undefined
      })
    return this.running
  }

  /** Starts the evaluation loop (first round at once); the timer never keeps the process alive. */
  start(intervalMs = SloEvaluationIntervalMs): void {
    if (this.timer !== undefined) return
    void this.refresh()
    this.timer = setInterval(() => void this.refresh(), intervalMs)
    this.timer.unref()
  }

  /** Stops the loop and waits for a round in progress. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer)
    this.timer = undefined
    await this.running
  }

  /** Adds the slices completed since the last round to the slice counters. */
  private async judgeSlices(now: number): Promise<void> {
    for (const [id, from] of this.nextSlice) {
      const slo = this.byId.get(id)
      if (slo === undefined) continue
      const judged = judgeNewSlices(
        slo,
        await this.read(percentileStream(slo)?.id ?? id, from, now),
        from,
        now,
      )
      if (judged === null) continue
      const c = this.sliceCounters.get(id) ?? { good: 0, total: 0 }
      this.sliceCounters.set(id, { good: c.good + judged.counts.good, total: c.total + judged.counts.total })
      this.nextSlice.set(id, judged.next)
    }
  }

  /** Judged slices since start per slice-budgeted SLO (`vigil_sli_slices_total`). */
  sliceCountersById(): ReadonlyMap<string, Counts> {
    return this.sliceCounters
  }

  /**
   * Adds what a commit rolled up; called after the commit succeeded. Counters must only grow and keep
   * good ≤ total, but a RUM commit can withdraw earlier counts (a view's first error, a vital's newer
   * report): each commit's increments are floored at 0 and good is capped so the running good stays
   * within the running total, so the counters may drift from the exact rollups by withdrawn
   * amounts. A journey step passed in a later commit than its start adds good without total, which
   * the running cap lets through.
   */
  recordAdded(added: ReadonlyMap<string, Counts>): void {
    for (const [id, counts] of added) {
      const c = this.counters.get(id) ?? { good: 0, total: 0 }
      const total = c.total + Math.max(0, counts.total)
      const good = Math.min(c.good + Math.max(0, counts.good), total)
      this.counters.set(id, { good, total })
    }
  }

  /** Weighted good/total events rolled up since start, per native SLO. */
  eventCounters(): ReadonlyMap<string, Counts> {
    return this.counters
  }
}
