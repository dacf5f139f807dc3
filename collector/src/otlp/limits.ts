/** Limits applied to each decoded item; an item over a limit is rejected (OTLP partial success). */
export interface OtlpLimits {
  /** Most attributes allowed on one span, span event, span link, log record or data point (and on a resource or scope). */
  readonly maxAttributes: number
  /** Longest string (or bytes) attribute value allowed, in UTF-8 bytes, nested values included. */
  readonly maxAttributeValueBytes: number
}

export const defaultLimits: Readonly<OtlpLimits> = Object.freeze({
  maxAttributes: 1024,
  maxAttributeValueBytes: 65_536,
})
