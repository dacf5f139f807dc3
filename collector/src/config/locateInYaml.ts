import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  type parseDocument,
} from 'yaml'

type Document = ReturnType<typeof parseDocument>

/** A 1-based line and column in a source file, plus the offset for ordering. */
export interface SourcePosition {
  readonly line: number
  readonly col: number
  readonly offset: number
}

const keyText = (pair: Pair): string => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key))

/**
 * Finds where the value at `segments` (or, with `target: 'key'`, its key) is written in a YAML
 * document. When the path goes deeper than the document (a required setting that is missing),
 * the position of the deepest part that exists is returned, so the reader lands next to the gap.
 */
export const locateInYaml = (
  doc: Document,
  lineCounter: LineCounter,
  segments: readonly string[],
  target: 'key' | 'value',
): SourcePosition => {
  let node: unknown = doc.contents
  let found: Node | undefined = isMap(node) || isSeq(node) || isScalar(node) ? node : undefined
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item) === segment)
      if (!pair) break
      const keyNode = isScalar(pair.key) ? pair.key : undefined
      const valueNode =
        isMap(pair.value) || isSeq(pair.value) || isScalar(pair.value) ? pair.value : undefined
      // An empty value (`traces:`) has no range of its own worth pointing at; its key does.
      const valueHasText = valueNode?.range && valueNode.range[1] > valueNode.range[0]
      found = last && target === 'key' ? (keyNode ?? found) : valueHasText ? valueNode : (keyNode ?? found)
      node = pair.value
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)]
      if (!(isMap(item) || isSeq(item) || isScalar(item))) break
      found = item
      node = item
    } else {
      break
    }
  }
  const offset = found?.range?.[0] ?? 0
  const { line, col } = lineCounter.linePos(offset)
  return { line, col, offset }
}
