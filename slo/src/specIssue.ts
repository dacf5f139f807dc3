/** A problem found while reading a spec file, located precisely enough to fix it. */
export interface SpecIssue {
  severity: 'error' | 'warning'
  file: string
  /** 1-based line and column of the offending node. */
  line: number
  col: number
  /** Dotted path of the field, e.g. `slos[2].window.timeZone`. */
  path: string
  message: string
  /** What to write instead. */
  fix?: string
}

/** `file:line:col: error: message (path) — fix: …`, the form editors and CI logs link from. */
export const formatSpecIssue = (issue: SpecIssue): string =>
  `${issue.file}:${issue.line}:${issue.col}: ${issue.severity}: ${issue.message} (${issue.path})${
    issue.fix ? ` — fix: ${issue.fix}` : ''
  }`
