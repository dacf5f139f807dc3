const normalize = (key: string): string => key.toLowerCase().replace(/[-_\s]/g, '')

/** Edit distance counting an adjacent transposition (`hsot` for `host`) as one edit. */
const editDistance = (a: string, b: string): number => {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1)
      }
      rows[i]![j] = best
    }
  }
  return rows[a.length]![b.length]!
}

/**
 * The candidate that `typed` most plausibly misspells, or `undefined` when none is close. Case,
 * `-` and `_` are ignored (`api_token` → `apiToken`), a few edits are forgiven, more for longer
 * words, and a word contained in a candidate counts as close (`token` → `apiToken`).
 */
export const didYouMean = (typed: string, candidates: readonly string[]): string | undefined => {
  const wanted = normalize(typed)
  if (wanted.length === 0) return undefined
  const allowed = wanted.length <= 4 ? 1 : wanted.length <= 8 ? 2 : 3
  let best: { candidate: string; score: number } | undefined
  for (const candidate of candidates) {
    const known = normalize(candidate)
    let score = editDistance(wanted, known)
    if (score > allowed && wanted.length >= 4 && (known.includes(wanted) || wanted.includes(known))) {
      score = allowed
    }
    if (score <= allowed && (best === undefined || score < best.score)) best = { candidate, score }
  }
  return best?.candidate
}
