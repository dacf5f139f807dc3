import { Document } from 'yaml'
import type { RuleFile } from './prometheusRules.js'

/**
 * Writes a rule file as YAML that `promtool check rules` and Prometheus read. Long expressions stay
 * on their lines (no folding) and multi-line ones become literal blocks; `header` becomes a comment
 * at the top.
 */
export const ruleFileYaml = (file: RuleFile, header?: string): string => {
  const doc = new Document(file, { aliasDuplicateObjects: false })
  if (header !== undefined) doc.commentBefore = header.replace(/^/gm, ' ')
  return doc.toString({ lineWidth: 0 })
}
