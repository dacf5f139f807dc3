/**
 * SQL literals for values that come from configuration (SLO ids, routes, thresholds). They are data,
 * not SQL: every such value reaches a statement through these two functions and nothing else, so one
 * tested place decides how text and numbers are quoted.
 */
export const sqlString = (value: string): string => {
  if (value.includes('\u0000')) throw new RangeError('SQL text must not contain NUL characters')
  return `'${value.replaceAll("'", "''")}'`
}

/** A finite number as a SQL DOUBLE literal; anything else is a programmer error. */
export const sqlNumber = (value: number): string => {
  if (!Number.isFinite(value)) throw new RangeError(`SQL number must be finite: ${value}`)
  return `CAST(${JSON.stringify(value)} AS DOUBLE)`
}
