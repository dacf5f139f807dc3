import { maskMessage } from './maskMessage.js'

/** The parts of a DOM element {@link describeTarget} reads; plain objects stand in for tests. */
export interface ElementLike {
  tagName: string
  id?: string
  classList?: Iterable<string>
  getAttribute(name: string): string | null
  parentElement?: ElementLike | null
}

/**
 * A short CSS-like description of an element that never includes text content or input values:
 * `[data-vigil-name]` when the app named the element, else tag, id, first two classes and `name`,
 * for the element and up to two ancestors (stopping at an id). Digit runs and e-mails are masked.
 */
export const describeTarget = (el: ElementLike | null | undefined): string | undefined => {
  const parts: string[] = []
  for (let e = el, depth = 0; e?.tagName && depth < 3; e = e.parentElement, depth++) {
    const named = e.getAttribute('data-vigil-name')
    if (named) {
      parts.unshift(`[data-vigil-name="${named}"]`)
      break
    }
    let s = e.tagName.toLowerCase()
    if (e.id) {
      parts.unshift(`${s}#${e.id}`)
      break
    }
    for (const c of [...(e.classList ?? [])].slice(0, 2)) s += `.${c}`
    const name = e.getAttribute('name')
    if (name) s += `[name="${name}"]`
    parts.unshift(s)
  }
  return parts.length ? maskMessage(parts.join('>'), 256) : undefined
}
