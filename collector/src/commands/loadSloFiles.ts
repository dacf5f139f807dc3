import { readFileSync } from 'node:fs'
import { importOpenSlo, importSloth, parseSloSpec, type SloSpec, type SpecIssue } from '@vigil/slo'
import { detectSloFormat, type SloFileFormat } from './detectSloFormat.js'

/** SLO spec files read together, as `vigil slo check` and `vigil slo rules` take them. */
export interface LoadedSloFiles {
  /** Every SLO read, in file order then spec order. */
  slos: SloSpec[]
  /** Issues of all files, each file's sorted by line and column. */
  issues: SpecIssue[]
  /** The format detected for each file that could be read. */
  formats: Map<string, SloFileFormat>
  /** Files that could not be read, with the reason (a usage error, not a spec error). */
  unreadable: { file: string; reason: string }[]
}

/** Options for `loadSloFiles`. */
export interface LoadSloFilesOptions {
  /** Vigil files are collector configs: keys other than `slos` are not reported. */
  embedded?: boolean
}

const byPosition = (a: SpecIssue, b: SpecIssue): number => a.line - b.line || a.col - b.col

/**
 * Reads, detects and parses each file (Vigil spec, OpenSLO v1, Sloth `prometheus/v1`), then checks
 * that ids are unique across files, since the rules of all files end up side by side.
 */
export const loadSloFiles = (files: readonly string[], options: LoadSloFilesOptions = {}): LoadedSloFiles => {
  const loaded: LoadedSloFiles = { slos: [], issues: [], formats: new Map(), unreadable: [] }
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException
      const reason =
        code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : message
      loaded.unreadable.push({ file, reason })
      continue
    }
    const format = detectSloFormat(text)
    loaded.formats.set(file, format)
    const result =
      format === 'openslo'
        ? importOpenSlo(text, file)
        : format === 'sloth'
          ? importSloth(text, file)
          : parseSloSpec(text, file, options.embedded ? { embedded: true } : {})
    loaded.issues.push(...[...result.issues].sort(byPosition))
    loaded.slos.push(...result.slos)
  }
  const first = new Map<string, SloSpec>()
  for (const slo of loaded.slos) {
    const earlier = first.get(slo.id)
    if (earlier && earlier.origin.file !== slo.origin.file) {
      loaded.issues.push({
        severity: 'error',
        file: slo.origin.file,
        line: slo.origin.line,
        col: 1,
        path: `${slo.id}.id`,
        message: `SLO id "${slo.id}" is also defined in ${earlier.origin.file}:${earlier.origin.line}`,
        fix: 'give every SLO its own id',
      })
    } else if (!earlier) first.set(slo.id, slo)
  }
  return loaded
}
