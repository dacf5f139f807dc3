/** A query window in nanoseconds since the epoch. */
export interface TimeRange {
  fromNs: bigint
  toNs: bigint
}

const parseInstant = (value: string, name: string): bigint => {
  const millis = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  if (!Number.isFinite(millis)) {
    throw new RangeError(
      `${name} must be an ISO-8601 time or epoch milliseconds (got ${JSON.stringify(value)})`,
    )
  }
  return BigInt(Math.trunc(millis)) * 1_000_000n
}

/** Resolves `from`/`to` query parameters; the default window is the hour before `nowMs`. */
export const parseTimeRange = (
  query: { from?: string; to?: string },
  nowMs: number,
  defaultSpanMs = 3_600_000,
): TimeRange => {
  const toNs = query.to === undefined ? BigInt(nowMs) * 1_000_000n : parseInstant(query.to, 'to')
  const fromNs =
    query.from === undefined ? toNs - BigInt(defaultSpanMs) * 1_000_000n : parseInstant(query.from, 'from')
  if (fromNs >= toNs) throw new RangeError('from must be before to')
  return { fromNs, toNs }
}
