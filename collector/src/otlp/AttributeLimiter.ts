import { keyValuesJson } from './anyValueJson.js'
import type { OtlpLimits } from './limits.js'
import type { KeyValueMsg } from './otlpMessages.js'

/**
 * Applies {@link OtlpLimits} while building an item's attribute JSON. One instance serves a whole
 * request; after `attributes()` returns `null`, `problem` says which limit the item broke.
 */
export class AttributeLimiter {
  readonly maxAttributes: number
  readonly maxValueBytes: number
  /** Strings up to this many UTF-16 units cannot exceed `maxValueBytes` (3 UTF-8 bytes per unit at most). */
  readonly safeChars: number
  /** Byte length of the first oversized value seen since the last reset; 0 when none. */
  oversized = 0
  problem = ''

  constructor(limits: OtlpLimits) {
    this.maxAttributes = limits.maxAttributes
    this.maxValueBytes = limits.maxAttributeValueBytes
    this.safeChars = Math.floor(limits.maxAttributeValueBytes / 3)
  }

  /** Records `s` if it is longer than the limit; only called for strings longer than `safeChars`. */
  checkString(s: string): void {
    if (this.oversized !== 0) return
    const bytes = Buffer.byteLength(s, 'utf8')
    if (bytes > this.maxValueBytes) this.oversized = bytes
  }

  checkBytes(length: number): void {
    if (this.oversized === 0 && length > this.maxValueBytes) this.oversized = length
  }

  /** The JSON object text of an attribute list, or `null` when the list breaks a limit. */
  attributes(list: KeyValueMsg[]): string | null {
    if (list.length > this.maxAttributes) {
      this.problem = `${list.length} attributes exceed the limit of ${this.maxAttributes}`
      return null
    }
    this.oversized = 0
    const json = keyValuesJson(list, this, 0)
    if (this.oversized !== 0) {
      this.problem = `an attribute value of ${this.oversized} bytes exceeds the limit of ${this.maxValueBytes} bytes`
      return null
    }
    return json
  }
}

/** A limiter that never rejects, for values outside attribute maps (log bodies, exemplars). */
export const unlimited = new AttributeLimiter({
  maxAttributes: Number.POSITIVE_INFINITY,
  maxAttributeValueBytes: Number.POSITIVE_INFINITY,
})
