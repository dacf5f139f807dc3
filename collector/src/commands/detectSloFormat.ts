/** The spec formats `vigil slo` reads. */
export type SloFileFormat = 'vigil' | 'openslo' | 'sloth'

/**
 * Tells the format from the file's top-level keys: OpenSLO documents carry `apiVersion`, Sloth
 * `prometheus/v1` files `version`, and Vigil's own files neither (they start with `slos:`). The
 * importers then report a wrong `apiVersion` or `version` with its line.
 */
export const detectSloFormat = (text: string): SloFileFormat => {
  if (/^(- +)?apiVersion\s*:/m.test(text)) return 'openslo'
  if (/^version\s*:/m.test(text)) return 'sloth'
  return 'vigil'
}
