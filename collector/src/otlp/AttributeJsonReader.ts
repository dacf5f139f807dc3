import { doubleJson, MAX_VALUE_NESTING } from './anyValueJson.js'
import { BytesCache, CACHE_MAX_BYTES, tailHash } from './BytesCache.js'
import { fieldTable } from './fieldTable.js'
import type { OtlpLimits } from './limits.js'
import type { OtlpReader } from './OtlpReader.js'
import { protoMessages } from './protoRoot.js'
import { unsupported } from './unsupported.js'

const KEY = 1
const VALUE = 2
const keyValueFields = fieldTable(protoMessages.keyValue, { key: ['string', KEY], value: ['message', VALUE] })

const STRING = 1
const BOOL = 2
const INT = 3
const DOUBLE = 4
const ARRAY = 5
const KVLIST = 6
const BYTES = 7
const anyValueFields = fieldTable(protoMessages.anyValue, {
  stringValue: ['string', STRING],
  boolValue: ['varint', BOOL],
  intValue: ['varint', INT],
  doubleValue: ['double', DOUBLE],
  arrayValue: ['message', ARRAY],
  kvlistValue: ['message', KVLIST],
  bytesValue: ['bytes', BYTES],
})

const VALUES = 1
const arrayValueFields = fieldTable(protoMessages.arrayValue, { values: ['repeated', VALUES] })
const keyValueListFields = fieldTable(protoMessages.keyValueList, { values: ['repeated', VALUES] })

/** A `KeyValue` of scalar value as read, remembered by its bytes (see BytesCache.ts). */
interface CachedKeyValue {
  key: string
  value: string
  valueBytes: number
  isString: boolean
}
const keyValues = new BytesCache<CachedKeyValue>(4096)

/** Below this size a quadratic scan for duplicate keys beats building a Map (as in anyValueJson.ts). */
const SMALL_LIST = 16

/** A field's entry in a {@link fieldTable}: 0 for a field not in the table. */
const fieldEntry = (table: Uint16Array, tag: number): number => {
  const field = tag >>> 3
  return field < table.length ? table[field]! : 0
}

/** What {@link nextField} returns for an unknown field it skipped, when asked to report those. */
export const SKIPPED = -1

/**
 * Reads the tag of the next field of `table` before `end` and returns its action code, the reader
 * left at its value; unknown fields are skipped (with {@link SKIPPED} returned after each when
 * `reportSkipped`). 0 once the message is read.
 * A known field with another wire type, or a last field that runs past `end`, is left to the
 * reference decoder.
 */
export const nextField = (
  reader: OtlpReader,
  table: Uint16Array,
  end: number,
  reportSkipped = false,
): number => {
  while (reader.pos < end) {
    const tag = reader.uint32()
    const entry = fieldEntry(table, tag)
    if (entry === 0) {
      reader.skipType(tag & 7)
      if (reportSkipped) return SKIPPED
      continue
    }
    if ((entry & 7) !== (tag & 7)) throw unsupported
    return entry >>> 3
  }
  if (reader.pos !== end) throw unsupported
  return 0
}

/**
 * Moves to the next field with action `action` before `end`, skipping every other field unchecked;
 * `false` at the end. For a second pass over a message whose first pass has checked it.
 */
export const seekField = (reader: OtlpReader, table: Uint16Array, action: number, end: number): boolean => {
  while (reader.pos < end) {
    const tag = reader.uint32()
    if (fieldEntry(table, tag) >>> 3 === action) return true
    reader.skipType(tag & 7)
  }
  return false
}

/**
 * The end of the nested message whose length comes next. A nested message that runs past its
 * parent is malformed; the streaming readers leave it to the reference decoder.
 */
export const nestedEnd = (reader: OtlpReader, parentEnd: number): number => {
  const end = reader.uint32() + reader.pos
  if (end > parentEnd) throw unsupported
  return end
}

/** One `KeyValue` list being read: the JSON text of each entry's key and value, in wire order. */
export class OpenList {
  keys: string[] = []
  values: string[] = []
  /** UTF-8 length of the first value over the byte limit inside each entry's value; 0 when none. */
  oversized: number[] = []
  /** Whether each entry's value is a `string_value`. */
  strings: boolean[] = []
  length = 0
}

/**
 * Reads OTLP `KeyValue` lists straight from the wire into JSON object text, with exactly the rules
 * of `keyValuesJson`/`anyValueJson` (last duplicate key wins, int64 with every digit, non-finite
 * doubles as strings, bytes as base64, {@link MAX_VALUE_NESTING}) and the limits of
 * `AttributeLimiter`, but without building a `KeyValue`/`AnyValue` object per entry.
 *
 * Field numbers and wire types come from the official generated definitions (see fieldTable.ts).
 * Whatever the reference decoder would treat in a way this reader does not mirror exactly (an
 * `AnyValue` with two members of its oneof, a known field with an unexpected wire type, nesting
 * past the limit, a nested message overrunning its parent) throws {@link unsupported}, and the caller
 * falls back to the reference decoder for the whole request.
 */
export class AttributeJsonReader {
  /** After {@link close} returns `null`: which limit the list broke (same text as `AttributeLimiter`). */
  problem = ''
  /** Set by {@link readAnyValue}: the first oversized length inside the value read last, or 0. */
  private oversized = 0
  /** Set by {@link readAnyValue}: whether the value read last was a `string_value`. */
  private wasString = false
  /** Set by {@link readAnyValue}: UTF-8 length of the string or bytes value read last, else 0. */
  private valueBytes = 0
  /** Set by {@link readAnyValue}: whether the value read last had only known, scalar fields. */
  private scalar = true
  private readonly lists: OpenList[] = []
  private openLists = 0
  private readonly maxAttributes: number
  private readonly maxValueBytes: number

  constructor(
    private readonly reader: OtlpReader,
    limits: OtlpLimits,
  ) {
    this.maxAttributes = limits.maxAttributes
    this.maxValueBytes = limits.maxAttributeValueBytes
  }

  /** Starts a list; lists nest (a span's attributes stay open while its events' lists are read). */
  open(): OpenList {
    let list = this.lists[this.openLists]
    if (list === undefined) {
      list = new OpenList()
      this.lists[this.openLists] = list
    }
    this.openLists++
    list.length = 0
    return list
  }

  /** Reads one `KeyValue` message ending at `end` into `list`. `valueDepth` is the nesting depth of its value. */
  readKeyValue(list: OpenList, end: number, valueDepth = 0): void {
    const reader = this.reader
    const buf = reader.buf
    const start = reader.pos
    const length = end - start
    let hash = -1
    if (length <= CACHE_MAX_BYTES) {
      hash = tailHash(buf, start, end)
      const hit = keyValues.get(buf, start, length, hash)
      if (hit !== undefined) {
        reader.pos = end
        this.push(
          list,
          hit.key,
          hit.value,
          hit.valueBytes > this.maxValueBytes ? hit.valueBytes : 0,
          hit.isString,
        )
        return
      }
    }
    let key = '""'
    let value = 'null'
    let valueBytes = 0
    let isString = false
    let scalar = true
    for (;;) {
      const action = nextField(reader, keyValueFields, end, true)
      if (action === 0) break
      if (action === SKIPPED) {
        scalar = false
      } else if (action === KEY) {
        key = reader.jsonString()
      } else {
        value = this.readAnyValue(nestedEnd(reader, end), valueDepth)
        valueBytes = this.valueBytes
        isString = this.wasString
        scalar = this.scalar
      }
    }
    // Only a value made of known scalar fields is a function of its bytes alone (unknown fields may
    // be captured as newer fields of the enclosing span or link; nested values carry their own
    // oversize bookkeeping).
    if (hash !== -1 && scalar) keyValues.set(buf, start, length, hash, { key, value, valueBytes, isString })
    this.push(
      list,
      key,
      value,
      scalar ? (valueBytes > this.maxValueBytes ? valueBytes : 0) : this.oversized,
      isString,
    )
  }

  private push(list: OpenList, key: string, value: string, oversized: number, isString: boolean): void {
    const i = list.length++
    list.keys[i] = key
    list.values[i] = value
    list.oversized[i] = oversized
    list.strings[i] = isString
  }

  /**
   * Ends a top-level attribute list: its JSON object text, or `null` when it breaks a limit (then
   * {@link problem} says which). The count is checked first, then the first oversized value among
   * the entries that survive de-duplication, as `AttributeLimiter.attributes` does.
   */
  close(list: OpenList): string | null {
    this.openLists--
    if (list.length > this.maxAttributes) {
      this.problem = `${list.length} attributes exceed the limit of ${this.maxAttributes}`
      return null
    }
    const json = this.objectJson(list)
    if (this.oversized !== 0) {
      this.problem = `an attribute value of ${this.oversized} bytes exceeds the limit of ${this.maxValueBytes} bytes`
      return null
    }
    return json
  }

  /** `service.name` of a closed list when it is a non-empty string (the last one if repeated), else `fallback`. */
  serviceName(list: OpenList, fallback: string): string {
    for (let i = list.length - 1; i >= 0; i--) {
      if (list.keys[i] === '"service.name"') {
        return list.strings[i] && list.values[i] !== '""' ? (JSON.parse(list.values[i]!) as string) : fallback
      }
    }
    return fallback
  }

  /**
   * An `AnyValue` message ending at `end`, as JSON text. Sets {@link oversized}, {@link valueBytes},
   * {@link wasString} and {@link scalar} for it.
   */
  private readAnyValue(end: number, depth: number): string {
    const reader = this.reader
    let json = 'null'
    let oversized = 0
    let valueBytes = 0
    let isString = false
    let scalar = true
    let members = 0
    for (;;) {
      const action = nextField(reader, anyValueFields, end, true)
      if (action === 0) break
      if (action === SKIPPED) {
        scalar = false
        continue
      }
      if (++members > 1) throw unsupported
      switch (action) {
        case STRING:
          json = reader.jsonString()
          valueBytes = reader.textBytes
          isString = true
          break
        case BOOL:
          json = reader.bool() ? 'true' : 'false'
          break
        case INT:
          json = reader.int64Text()
          break
        case DOUBLE:
          json = doubleJson(reader.double())
          break
        case ARRAY:
        case KVLIST: {
          if (depth >= MAX_VALUE_NESTING) throw unsupported
          const valueEnd = nestedEnd(reader, end)
          json =
            action === ARRAY
              ? this.readArray(valueEnd, depth + 1)
              : this.readKeyValueList(valueEnd, depth + 1)
          oversized = this.oversized
          scalar = false
          break
        }
        case BYTES:
          json = reader.base64Json()
          valueBytes = reader.textBytes
          break
      }
    }
    if (valueBytes > this.maxValueBytes) oversized = valueBytes
    this.oversized = oversized
    this.valueBytes = valueBytes
    this.wasString = isString
    this.scalar = scalar
    return json
  }

  private readArray(end: number, depth: number): string {
    const reader = this.reader
    let out = '['
    let first = true
    let oversized = 0
    while (nextField(reader, arrayValueFields, end) !== 0) {
      const value = this.readAnyValue(nestedEnd(reader, end), depth)
      if (oversized === 0) oversized = this.oversized
      out += first ? value : `,${value}`
      first = false
    }
    this.oversized = oversized
    return `${out}]`
  }

  private readKeyValueList(end: number, depth: number): string {
    const reader = this.reader
    const list = this.open()
    while (nextField(reader, keyValueListFields, end) !== 0)
      this.readKeyValue(list, nestedEnd(reader, end), depth)
    this.openLists--
    return this.objectJson(list)
  }

  /** The list as a JSON object, last duplicate key winning; sets {@link oversized} from the kept entries. */
  private objectJson(list: OpenList): string {
    const n = list.length
    this.oversized = 0
    if (n === 0) return '{}'
    const { keys, values } = list
    let lastIndex: Map<string, number> | undefined
    if (n > SMALL_LIST) {
      lastIndex = new Map()
      for (let i = 0; i < n; i++) lastIndex.set(keys[i]!, i)
    }
    let out = '{'
    let first = true
    let oversized = 0
    for (let i = 0; i < n; i++) {
      const key = keys[i]!
      if (lastIndex === undefined) {
        let shadowed = false
        for (let j = i + 1; j < n; j++) {
          if (keys[j] === key) {
            shadowed = true
            break
          }
        }
        if (shadowed) continue
      } else if (lastIndex.get(key) !== i) {
        continue
      }
      if (oversized === 0) oversized = list.oversized[i]!
      out += first ? `${key}:${values[i]}` : `,${key}:${values[i]}`
      first = false
    }
    this.oversized = oversized
    return `${out}}`
  }
}
