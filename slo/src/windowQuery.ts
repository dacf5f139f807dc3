import { promDuration } from './promDuration.js'

/** How a query's samples add up over a window: counts are rated, ratios and values are averaged. */
export type QueryKind = 'count' | 'ratio'

/** A query made to cover one window, and whether that could be done faithfully. */
export interface WindowedQuery {
  query: string
  /** False when the query has no range to adapt and is used unchanged for every window. */
  windowed: boolean
}

const placeholder = /\{\{\s*\.window\s*\}\}/
const bareSelector = /^\s*[A-Za-z_:][A-Za-z0-9_:]*\s*(\{[^{}]*\})?\s*$/
const rangeDuration = /^(\d+(ms|s|m|h|d|w|y))+$/

/**
 * Rewrites every plain range selector (`[5m]`, not a subquery `[1h:1m]`) to `[window]`, skipping
 * string literals so a label value such as `path="/a[5m]"` is left alone. Returns null when the
 * query has no plain range selector.
 */
const rewriteRanges = (query: string, window: string): string | null => {
  let out = ''
  let found = false
  let i = 0
  while (i < query.length) {
    const ch = query[i] as string
    if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1
      while (j < query.length && query[j] !== ch) j += ch !== '`' && query[j] === '\\' ? 2 : 1
      out += query.slice(i, j + 1)
      i = j + 1
      continue
    }
    if (ch === '[') {
      const end = query.indexOf(']', i)
      const inner = end < 0 ? '' : query.slice(i + 1, end).trim()
      if (rangeDuration.test(inner)) {
        out += `[${window}]`
        found = true
        i = end + 1
        continue
      }
    }
    out += ch
    i += 1
  }
  return found ? out : null
}

/**
 * Adapts an imported PromQL query to one window. Sloth's `{{.window}}` placeholder is filled in;
 * otherwise (OpenSLO has no placeholder) the query's range selectors are set to the window; a bare
 * series selector is rated (`count`) or averaged (`ratio`) over the window. A composite expression
 * with no range at all is averaged over the window as a subquery when it is a ratio, and used as it
 * is when it is a count (`windowed: false`), since nothing tells how to widen it.
 */
export const windowQuery = (query: string, windowMs: number, kind: QueryKind): WindowedQuery => {
  const window = promDuration(windowMs)
  const trimmed = query.trim()
  if (placeholder.test(trimmed))
    return { query: trimmed.replace(new RegExp(placeholder.source, 'g'), window), windowed: true }
  const rewritten = rewriteRanges(trimmed, window)
  if (rewritten !== null) return { query: rewritten, windowed: true }
  if (bareSelector.test(trimmed)) {
    return {
      query: kind === 'count' ? `sum(rate(${trimmed}[${window}]))` : `avg_over_time(${trimmed}[${window}])`,
      windowed: true,
    }
  }
  if (kind === 'ratio') return { query: `avg_over_time((${trimmed})[${window}:1m])`, windowed: true }
  return { query: trimmed, windowed: false }
}
