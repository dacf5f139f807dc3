/** The dotted name people use for a setting: `retention.traces`, `auth.ingestKeys[0].key`. */
export const settingName = (segments: readonly string[]): string =>
  segments.reduce((name, segment) => {
    if (/^\d+$/.test(segment)) return `${name}[${segment}]`
    const safe = /^[A-Za-z0-9_$-]{1,40}$/.test(segment) ? segment : JSON.stringify(segment.slice(0, 40))
    return name === '' ? safe : `${name}.${safe}`
  }, '')
