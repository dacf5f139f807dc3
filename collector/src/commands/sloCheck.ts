import { formatSpecIssue, rulesExportIssues, type SpecIssue } from '@vigil/slo'
import type { CommandOutput } from './commandOutput.js'
import { type LoadedSloFiles, type LoadSloFilesOptions, loadSloFiles } from './loadSloFiles.js'
import { SloExitCodes } from './sloExitCodes.js'
import { sloSummary } from './sloSummary.js'

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** Writes every issue to stderr and returns how many errors and warnings there were. */
export const reportIssues = (
  issues: readonly SpecIssue[],
  out: CommandOutput,
): { errors: number; warnings: number } => {
  for (const issue of issues) out.stderr(`${formatSpecIssue(issue)}\n`)
  const errors = issues.filter((i) => i.severity === 'error').length
  return { errors, warnings: issues.length - errors }
}

/** Reports unreadable files; true when there were any (the command then exits 2). */
export const reportUnreadable = (loaded: LoadedSloFiles, out: CommandOutput): boolean => {
  for (const { file, reason } of loaded.unreadable) out.stderr(`vigil: cannot read ${file}: ${reason}\n`)
  return loaded.unreadable.length > 0
}

/**
 * `vigil slo check FILE...`: parses each file in its detected format, prints every issue as
 * `file:line:col: severity: message (path) — fix: …` on stderr and, when there is no error, one
 * summary line per SLO on stdout. Rules-export problems are warnings here (the SLO itself is valid).
 * Returns the exit code.
 */
export const sloCheck = (
  files: readonly string[],
  options: LoadSloFilesOptions,
  out: CommandOutput,
): number => {
  const loaded = loadSloFiles(files, options)
  const exportIssues = rulesExportIssues(loaded.slos).map(
    (issue): SpecIssue => ({ ...issue, severity: 'warning' }),
  )
  const { errors, warnings } = reportIssues([...loaded.issues, ...exportIssues], out)
  if (errors === 0) for (const slo of loaded.slos) out.stdout(`${sloSummary(slo)}\n`)
  const read = files.length - loaded.unreadable.length
  const verdict = errors === 0 ? 'valid' : 'invalid'
  out.stdout(
    `${plural(loaded.slos.length, 'SLO')} in ${plural(read, 'file')} ${verdict}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`,
  )
  if (reportUnreadable(loaded, out)) return SloExitCodes.usage
  return errors === 0 ? SloExitCodes.ok : SloExitCodes.invalid
}
