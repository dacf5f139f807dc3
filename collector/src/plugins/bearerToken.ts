import { timingSafeEqual } from 'node:crypto'

/** The credential a request carries: `Authorization: Bearer <token>`, or `x-vigil-key` for ingest clients. */
export const presentedToken = (
  headers: Record<string, string | string[] | undefined>,
): string | undefined => {
  const authorization = headers.authorization
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim())
    if (match) return match[1]
  }
  const key = headers['x-vigil-key']
  return typeof key === 'string' ? key : undefined
}

/** Compares in constant time so response timing never reveals how much of a token matched. */
export const tokenMatches = (presented: string | undefined, expected: readonly string[]): boolean => {
  if (presented === undefined) return false
  const given = Buffer.from(presented)
  let matched = false
  for (const candidate of expected) {
    const wanted = Buffer.from(candidate)
    if (wanted.length === given.length && timingSafeEqual(wanted, given)) matched = true
  }
  return matched
}
