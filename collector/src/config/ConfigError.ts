/** One problem found in the configuration, already phrased for the person who has to fix it. */
export interface ConfigIssue {
  /** Where the bad value came from: `vigil.yaml:7:12`, `VIGIL_PORT` or `--port`. */
  readonly where: string
  /** What is wrong and what would be right, e.g. `retention.traces must be a duration such as 7d (got "7 days")`. */
  readonly message: string
}

/**
 * The configuration cannot be used. The message lists every issue as `where: message`, one per line,
 * and never contains a token or key; it is written to be shown as is, without a stack trace.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  readonly issues: readonly ConfigIssue[]

  constructor(issues: readonly ConfigIssue[]) {
    super(issues.map((issue) => `${issue.where}: ${issue.message}`).join('\n'))
    this.issues = issues
  }
}
