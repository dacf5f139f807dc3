// biome-ignore-all lint/complexity/useArrowFunction: `(function …)` is V8's eager-compile hint (issue 3)
import type { WebVitalEvent } from '@vigil/protocol'
import type { ElementLike } from './describeTarget.js'

type Attribution = NonNullable<WebVitalEvent['attribution']>

/** The fields of the performance entries behind a metric that attribution reads. */
export interface VitalEntry {
  startTime: number
  duration?: number
  name?: string
  // LCP
  element?: ElementLike | null
  url?: string
  // INP (event timing)
  target?: ElementLike | null
  processingStart?: number
  processingEnd?: number
  // CLS
  value?: number
  sources?: readonly { node?: unknown }[]
}

/** Timing of the document and of the LCP resource, read from Navigation and Resource Timing. */
export interface LoadTimings {
  /** `responseStart` of the navigation, minus activation start for prerendered pages. */
  ttfb: number
  /** Request start and response end of the LCP image, relative to activation; absent for text. */
  resource?: { start: number; end: number }
}

const ms = (n: number): number => Math.max(0, Math.round(n))

/**
 * Attribution for LCP, INP and CLS computed from the metric's own entries, as web-vitals'
 * attribution build does, but in far fewer bytes: the SDK imports the plain web-vitals build and
 * derives the same breakdown here. `describe` and `scrub` make targets and URLs safe to send.
 */
// biome-ignore format: the parentheses ask V8 to compile this eagerly, off the main thread (issue 3)
export const attributeVital = (function (
  name: string,
  value: number,
  entries: readonly VitalEntry[],
  describe: (el: ElementLike | null | undefined) => string | undefined,
  scrub: (url: string) => string,
  load: (url: string | undefined) => LoadTimings,
): Attribution | undefined {
  if (name === 'LCP') {
    const e = entries[entries.length - 1]
    if (!e) return undefined
    const { ttfb, resource } = load(e.url)
    const loadStart = Math.max(ttfb, resource?.start ?? 0)
    const loadEnd = Math.max(loadStart, resource?.end ?? 0)
    return {
      target: describe(e.element),
      ...(e.url ? { url: scrub(e.url) } : {}),
      timeToFirstByte: ms(ttfb),
      resourceLoadDelay: ms(loadStart - ttfb),
      resourceLoadDuration: ms(loadEnd - loadStart),
      elementRenderDelay: ms(value - loadEnd),
    }
  }
  if (name === 'INP') {
    const first = entries[0]
    if (!first) return undefined
    // one interaction may dispatch several events (pointerdown, pointerup, click) sharing a frame
    const processingStart = Math.min(...entries.map((e) => e.processingStart ?? e.startTime))
    const processingEnd = Math.max(...entries.map((e) => e.processingEnd ?? e.startTime))
    const paint = first.startTime + (first.duration ?? 0)
    return {
      target: describe(entries.find((e) => e.target)?.target),
      interactionType: first.name?.startsWith('key') ? 'keyboard' : 'pointer',
      inputDelay: ms(processingStart - first.startTime),
      processingDuration: ms(processingEnd - processingStart),
      presentationDelay: ms(paint - processingEnd),
    }
  }
  if (name === 'CLS') {
    let largest: VitalEntry | undefined
    for (const e of entries) if (!largest || (e.value ?? 0) > (largest.value ?? 0)) largest = e
    if (!largest) return undefined
    return {
      target: describe(largest.sources?.find((s) => s.node)?.node as ElementLike | undefined),
      largestShiftValue: largest.value ?? 0,
      largestShiftTime: ms(largest.startTime),
    }
  }
  return undefined
})
