const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Turns `propagateTo` entries into the regular expressions OpenTelemetry's fetch and XHR
 * instrumentations take. A plain origin matches that origin only: `https://api.example.com`
 * must not also match `https://api.example.com.evil.net`, so it is anchored and followed by `/`
 * or the end of the URL.
 */
export const originMatcher = (entries: (string | RegExp)[]): RegExp[] =>
  entries.map((entry) =>
    typeof entry === 'string' ? new RegExp(`^${escapeRegExp(new URL(entry).origin)}(?:[/?#]|$)`) : entry,
  )
