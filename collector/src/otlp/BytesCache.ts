/** Longest byte run, in bytes, that a {@link BytesCache} keeps. */
export const CACHE_MAX_BYTES = 64

/**
 * Values computed from short byte runs of a request body, remembered by those bytes. Telemetry
 * repeats itself (attribute keys and many values, span names, routes, service names), and making a
 * JS string from buffer bytes is a call into the runtime plus an allocation, so a hit that compares
 * a few dozen bytes is several times cheaper. Direct-mapped on a hash of the bytes that the caller
 * computes: a collision just replaces the slot, and every hit compares all bytes, so a collision can
 * never return another run's value. Memory is bounded by the slot count.
 */
export class BytesCache<T> {
  private readonly lengths: Int8Array
  private readonly bytes: Uint8Array
  private readonly values: (T | undefined)[]
  private readonly mask: number

  /** `slots` is a power of two. */
  constructor(slots: number) {
    this.lengths = new Int8Array(slots).fill(-1)
    this.bytes = new Uint8Array(slots * CACHE_MAX_BYTES)
    this.values = new Array<T | undefined>(slots).fill(undefined)
    this.mask = slots - 1
  }

  /** The value cached for `buf[start, start + length)` under `hash`; `length` is at most {@link CACHE_MAX_BYTES}. */
  get(buf: Uint8Array, start: number, length: number, hash: number): T | undefined {
    const slot = hash & this.mask
    if (this.lengths[slot] !== length) return undefined
    const bytes = this.bytes
    const base = slot * CACHE_MAX_BYTES
    for (let i = 0; i < length; i++) if (bytes[base + i] !== buf[start + i]) return undefined
    return this.values[slot]
  }

  set(buf: Uint8Array, start: number, length: number, hash: number, value: T): void {
    const slot = hash & this.mask
    const bytes = this.bytes
    const base = slot * CACHE_MAX_BYTES
    for (let i = 0; i < length; i++) bytes[base + i] = buf[start + i]!
    this.lengths[slot] = length
    this.values[slot] = value
  }
}

/** FNV-1a of `buf[start, end)` as a non-negative number. */
export const bytesHash = (buf: Uint8Array, start: number, end: number): number => {
  let hash = 0x811c9dc5
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193)
  return hash >>> 0
}

/**
 * A cheaper hash for {@link BytesCache} keys: the length and the last 16 bytes, where encoded
 * `KeyValue`s differ (their value comes last). Runs that share both merely compete for a slot.
 */
export const tailHash = (buf: Uint8Array, start: number, end: number): number => {
  let hash = 0x811c9dc5 ^ (end - start)
  for (let i = end - start > 16 ? end - 16 : start; i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193)
  return hash >>> 0
}

/** {@link bytesHash}, or -1 when a byte is not ASCII. */
export const asciiHash = (buf: Uint8Array, start: number, end: number): number => {
  let hash = 0x811c9dc5
  for (let i = start; i < end; i++) {
    const byte = buf[i]!
    if (byte >= 0x80) return -1
    hash = Math.imul(hash ^ byte, 0x01000193)
  }
  return hash >>> 0
}
