import type { Config } from './config.js'
import type { Emit } from './types.js'

/** What every instrumentation receives. */
export interface Context {
  cfg: Config
  emit: Emit
  /** Scrubs a URL with the configured allow-list. */
  scrub: (url: string) => string
  /** Adds a guarded listener. */
  on: (target: EventTarget | undefined, type: string, fn: (e: Event) => void, capture?: boolean) => void
  /** Observes a buffered performance entry type; answers false where the type is unsupported. */
  observe: (type: string, fn: (entries: PerformanceEntry[]) => void) => boolean
  /** The current page view id. */
  view: () => string
  /** The page view of the document load, which its vitals belong to. */
  loadView: string
}

/** An instrumentation: wires browser APIs to `emit`, nothing else. */
export type Instrumentation = (ctx: Context) => void
