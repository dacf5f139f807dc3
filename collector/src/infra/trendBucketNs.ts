/** Width of one of `buckets` equal trend buckets covering `[fromNs, toNs)`, rounded up so the last one ends at or after `toNs`. */
export const trendBucketNs = (fromNs: bigint, toNs: bigint, buckets: number): bigint => {
  if (!(Number.isInteger(buckets) && buckets >= 1)) throw new RangeError(`buckets must be ≥ 1: ${buckets}`)
  const count = BigInt(buckets)
  const span = toNs > fromNs ? toNs - fromNs : 1n
  return (span + count - 1n) / count
}
