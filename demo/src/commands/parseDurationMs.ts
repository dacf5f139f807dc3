const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `800ms`, `10m`, `30d` → milliseconds; a bare number is milliseconds. Throws on anything else. */
export const parseDurationMs = (text: string): number => {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim())
  if (!match) throw new Error(`not a duration: "${text}" (write e.g. 800ms, 30s, 10m, 30d)`)
  return Math.round(Number(match[1]) * (units[match[2] ?? 'ms'] ?? 1))
}
