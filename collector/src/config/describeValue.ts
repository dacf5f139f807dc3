const kind = (value: unknown): string => {
  if (value === null || value === undefined) return 'an empty value'
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'boolean') return 'true/false'
  if (typeof value === 'number') return 'a number'
  return 'text'
}

/**
 * How a rejected value is quoted back in an error message: short values as written, long text cut,
 * structures by kind. A `secret` value is never quoted, only its kind or length, so a token typed
 * into the wrong place does not end up in a terminal or a log.
 */
export const describeValue = (value: unknown, secret: boolean): string => {
  if (secret) return typeof value === 'string' ? `${value.length} characters` : kind(value)
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return kind(value)
}
