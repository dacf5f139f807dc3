import { isUtf8 } from 'node:buffer'
import type { Long } from 'protobufjs/minimal.js'
import protobuf from 'protobufjs/minimal.js'
import { asciiHash, BytesCache, CACHE_MAX_BYTES } from './BytesCache.js'
import { OtlpDecodeError } from './OtlpDecodeError.js'

/** Which message's newer fields {@link OtlpReader.skipType} is watching for (see protoRoot.ts). */
export const CaptureTarget = { None: 0, Span: 1, Link: 2, LogRecord: 3 } as const
export type CaptureTarget = (typeof CaptureTarget)[keyof typeof CaptureTarget]

const TWO_32 = 4_294_967_296n

/**
 * The slicing methods of Node's `Buffer.prototype` that `toString(encoding, start, end)` dispatches
 * to after normalising its arguments; the readers have already checked the bounds, and the dispatch
 * showed up in profiles at a few calls per span. Present in every Node version since 0.x, though
 * not in @types/node.
 */
interface NativeSlices extends Buffer {
  hexSlice(start: number, end: number): string
  latin1Slice(start: number, end: number): string
}

const rawStrings = new BytesCache<string>(4096)
const jsonStrings = new BytesCache<string>(4096)
const asIs = (text: string): string => text

/** Strict UTF-8: proto3 strings must be valid, and `Buffer#utf8Slice` would silently substitute U+FFFD. */
const utf8Text = (buf: Buffer, start: number, end: number): string => {
  if (!isUtf8(buf.subarray(start, end))) throw new OtlpDecodeError('invalid UTF-8 in string field')
  return buf.toString('utf8', start, end)
}

const outOfRange = (pos: number, length: number, len: number): RangeError =>
  new RangeError(`index out of range: ${pos} + ${length} > ${len}`)

/**
 * The protobufjs buffer reader the OTLP decoders run on. The generated static decoders accept any
 * `Reader` instance, so overriding methods here changes how fields are read without touching the
 * generated code:
 *
 * - `string()` rejects invalid UTF-8. protobufjs decodes strings with `Buffer#utf8Slice`, which
 *   silently substitutes U+FFFD and clamps a length that runs past the end; proto3 requires strings
 *   to be valid UTF-8, and storing mangled text would hide a broken client, so the raw bytes are
 *   checked with `buffer.isUtf8` and the bounds enforced.
 * - 64-bit integers come back as exact `bigint`s instead of `Long` objects: the rows need bigints
 *   anyway, and this skips one allocation and conversion per timestamp.
 * - `skipType()` captures the few fields newer than the generated definitions (span and link
 *   `flags`, log `event_name`); protoRoot.ts explains why.
 */
export class OtlpReader extends protobuf.BufferReader {
  captureTarget: CaptureTarget = CaptureTarget.None as CaptureTarget
  spanFlags: number | null = null
  linkFlags: number | null = null
  eventName: string | null = null
  /** UTF-8 length of the last value read by {@link jsonString} or {@link base64Json}. */
  textBytes = 0

  override string(): string {
    const start = this.claimDelimited()
    return this.cachedAscii(rawStrings, start, asIs) ?? utf8Text(this.buf as Buffer, start, this.pos)
  }

  /**
   * Reads a string field as JSON string text (`"GET"`), with the same UTF-8 rules as `string()`;
   * {@link textBytes} is then its length in UTF-8 bytes.
   */
  jsonString(): string {
    const start = this.claimDelimited()
    this.textBytes = this.pos - start
    return (
      this.cachedAscii(jsonStrings, start, JSON.stringify) ??
      JSON.stringify(utf8Text(this.buf as Buffer, start, this.pos))
    )
  }

  /**
   * `make` of the field just claimed (from `start` to `pos`) when it is short ASCII, through `cache`: short
   * ASCII strings (keys, names, routes) dominate and repeat; see BytesCache. Undefined otherwise.
   */
  private cachedAscii(
    cache: BytesCache<string>,
    start: number,
    make: (ascii: string) => string,
  ): string | undefined {
    const end = this.pos
    const length = end - start
    if (length > CACHE_MAX_BYTES) return undefined
    const buf = this.buf as Buffer
    const hash = asciiHash(buf, start, end)
    if (hash < 0) return undefined
    const cached = cache.get(buf, start, length, hash)
    if (cached !== undefined) return cached
    const text = make((buf as NativeSlices).latin1Slice(start, end))
    cache.set(buf, start, length, hash, text)
    return text
  }

  /** Reads a bytes field as lower-case hex; empty when the field is empty. */
  hex(): string {
    const start = this.claimDelimited()
    const end = this.pos
    const length = end - start
    return length === 0 ? '' : (this.buf as NativeSlices).hexSlice(start, end)
  }

  /** Reads a bytes field as a JSON string of its base64 form; {@link textBytes} is then its length. */
  base64Json(): string {
    const start = this.claimDelimited()
    const end = this.pos
    const length = end - start
    this.textBytes = length
    return `"${(this.buf as Buffer).toString('base64', start, end)}"`
  }

  /** Reads an int64 varint as decimal text, every digit kept. */
  int64Text(): string {
    const b = this.buf
    const len = this.len
    let pos = this.pos
    let value = 0
    let factor = 1
    // Up to 7 bytes (49 bits) the value is a non-negative integer that a double holds exactly.
    for (let i = 0; i < 7 && pos < len; i++) {
      const byte = b[pos++]!
      value += (byte & 0x7f) * factor
      if (byte < 0x80) {
        this.pos = pos
        return String(value)
      }
      factor *= 128
    }
    return BigInt.asIntN(64, this.readVarint64()).toString()
  }

  override fixed64(): Long {
    return this.readFixed64(false) as unknown as Long
  }

  override sfixed64(): Long {
    return this.readFixed64(true) as unknown as Long
  }

  override uint64(): Long {
    return BigInt.asUintN(64, this.readVarint64()) as unknown as Long
  }

  override int64(): Long {
    return BigInt.asIntN(64, this.readVarint64()) as unknown as Long
  }

  override skipType(wireType: number, depth?: number): protobuf.Reader {
    const target = this.captureTarget
    if (target !== CaptureTarget.None) {
      const buf = this.buf
      const pos = this.pos
      // The tag bytes sit right before `pos`: 0x85 0x01 is field 16/fixed32, 0x35 field 6/fixed32,
      // 0x62 field 12/length-delimited.
      if (target === CaptureTarget.Span && wireType === 5 && buf[pos - 1] === 0x01 && buf[pos - 2] === 0x85) {
        this.spanFlags = this.fixed32()
        return this
      }
      if (target === CaptureTarget.Link && wireType === 5 && buf[pos - 1] === 0x35) {
        this.linkFlags = this.fixed32()
        return this
      }
      if (target === CaptureTarget.LogRecord && wireType === 2 && buf[pos - 1] === 0x62) {
        this.eventName = this.string()
        return this
      }
    }
    return super.skipType(wireType, depth)
  }

  /**
   * Reads a length-delimited field's length, checks it against the buffer and moves past the field;
   * answers where its bytes start (they end at the new `pos`).
   */
  private claimDelimited(): number {
    const length = this.uint32()
    const start = this.pos
    const end = start + length
    if (end > this.len) throw outOfRange(start, length, this.len)
    this.pos = end
    return start
  }

  private readFixed64(signed: boolean): bigint {
    const pos = this.pos
    if (pos + 8 > this.len) throw outOfRange(pos, 8, this.len)
    this.pos = pos + 8
    const b = this.buf
    const low = (b[pos]! | (b[pos + 1]! << 8) | (b[pos + 2]! << 16) | (b[pos + 3]! << 24)) >>> 0
    const high = b[pos + 4]! | (b[pos + 5]! << 8) | (b[pos + 6]! << 16) | (b[pos + 7]! << 24)
    return BigInt(signed ? high : high >>> 0) * TWO_32 + BigInt(low)
  }

  /** A varint of up to 64 bits; numbers while exact (7 bytes = 49 bits), bigints beyond. */
  private readVarint64(): bigint {
    const b = this.buf
    let value = 0
    let factor = 1
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.len) throw outOfRange(this.pos, 1, this.len)
      const byte = b[this.pos++]!
      value += (byte & 0x7f) * factor
      if (byte < 0x80) return BigInt(value)
      factor *= 128
    }
    let big = BigInt(value)
    for (let i = 7; i < 10; i++) {
      if (this.pos >= this.len) throw outOfRange(this.pos, 1, this.len)
      const byte = b[this.pos++]!
      big += BigInt(byte & 0x7f) << BigInt(7 * i)
      if (byte < 0x80) return big
    }
    throw new Error('invalid varint encoding')
  }
}
