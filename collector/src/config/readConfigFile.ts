import { readFileSync } from 'node:fs'
import { LineCounter, parseDocument, type YAMLError } from 'yaml'
import { ConfigError } from './ConfigError.js'
import { locateInYaml } from './locateInYaml.js'
import type { LayerSource } from './validateLayer.js'

/** A parsed configuration file that can say where each of its values is written. */
export interface ConfigFileContent {
  /** The file's content as plain data; `{}` for an empty file. */
  readonly data: unknown
  /** Locates values as `name:line:col` for error messages, ordered by their offset in the file. */
  readonly source: LayerSource
}

// yaml appends the offending source lines to its messages; they could hold a token, so only the
// first sentence is kept and the position is given in the file:line:col prefix instead.
const describeYamlError = (error: YAMLError): string => {
  if (error.code === 'MULTIPLE_DOCS')
    return 'the file must hold a single YAML document; remove the "---" separator'
  if (error.code === 'DUPLICATE_KEY') return 'this key appears twice in the same mapping; keep only one'
  if (error.code === 'TAB_AS_INDENT') return 'YAML indentation must use spaces, not tabs'
  const sentence = error.message.split(/ at line \d+, column \d+/)[0] ?? error.message
  return `invalid YAML: ${sentence.split('\n')[0]}`
}

/**
 * Reads and parses a YAML configuration file. `display` names the file in messages (usually a path
 * relative to the working directory) and `namedBy` names what pointed at it (`--config`), which is
 * blamed when the file cannot be read. Throws `ConfigError` for an unreadable file or bad YAML.
 */
export const readConfigFile = (path: string, display: string, namedBy: string): ConfigFileContent => {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES'
            ? 'cannot be read (permission denied)'
            : `cannot be read (${code ?? 'unknown error'})`
    throw new ConfigError([{ where: namedBy, message: `config file ${display} ${reason}` }])
  }

  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true })
  const syntaxError = doc.errors[0]
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0])
    throw new ConfigError([{ where: `${display}:${line}:${col}`, message: describeYamlError(syntaxError) }])
  }

  let data: unknown
  try {
    data = doc.toJS() ?? {}
  } catch (error) {
    throw new ConfigError([
      { where: display, message: `cannot be read as data: ${(error as Error).message}` },
    ])
  }

  return {
    data,
    source: {
      locate: (segments, target) => {
        const { line, col } = locateInYaml(doc, lineCounter, segments, target)
        return `${display}:${line}:${col}`
      },
      order: (segments, target) => locateInYaml(doc, lineCounter, segments, target).offset,
    },
  }
}
