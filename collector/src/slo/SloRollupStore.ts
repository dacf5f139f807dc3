import type { MinuteBucket } from '@vigil/slo'
import type { SliceTotals } from './loadSliceTotals.js'
import type { SloServiceOptions } from './SloService.js'
import type { SloDimension } from './sliRelations.js'

/** Reads of the SLO minute rollups; part of `Storage`, so a ClickHouse backend would serve them too. */
export interface SloRollupStore {
  /** Minute buckets of each SLO in `[from, to)` (epoch ms), in time order, by SLO id. */
  sloBuckets(sloIds: readonly string[], from: number, to: number): Promise<Map<string, MinuteBucket[]>>
  /** Buckets summed per day, days beginning at `dayStarts` (ascending), up to `end`. */
  sloDayBuckets(
    sloIds: readonly string[],
    dayStarts: readonly number[],
    end: number,
  ): Promise<Map<string, MinuteBucket[]>>
  /** Counts per value of `dimension` for one SLO over `[from, to)`, most bad first. */
  sloSlices(sloId: string, dimension: SloDimension, from: number, to: number): Promise<SliceTotals[]>
}

/** The readers `SloService` needs, served by a rollup store. */
export const sloServiceReaders = (
  store: SloRollupStore,
): Pick<SloServiceOptions, 'read' | 'readMany' | 'readDays' | 'readSlices'> => ({
  read: async (id, from, to) => (await store.sloBuckets([id], from, to)).get(id) ?? [],
  readMany: (ids, from, to) => store.sloBuckets(ids, from, to),
  readDays: (ids, days, end) => store.sloDayBuckets(ids, days, end),
  readSlices: (id, by, from, to) => store.sloSlices(id, by, from, to),
})
