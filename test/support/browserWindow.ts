import type * as Vigil from '@vigil/sdk-browser'

/** The globals the fixture app (`test/fixtures/browser/app.js`) gives the page, as tests see them. */
export interface FixtureWindow {
  /** The SDK's public API. */
  vigil: typeof Vigil
  /** Loads the tracing entry on demand and starts it; the handle is kept in `tracing`. */
  startTracing(config: Record<string, unknown>): Promise<{ flush(): Promise<void> }>
  tracing?: { flush(): Promise<void> }
  /** LCP, FCP and TTFB as the page's own PerformanceObservers saw them (ms). */
  observed: { LCP?: number; FCP?: number; TTFB?: number }
  /** Page actions that must not count as user input: a layout shift, an uncaught error, an SPA route. */
  fixture: { shift(): void; fail(): void; route(path: string): void }
  /** Options the test gives the fixture app before it loads (`context.addInitScript`). */
  __vigil?: { init?: Record<string, unknown> }
}

declare global {
  // the test workspace compiles without the DOM library; code passed to `page.evaluate` runs in
  // the page and reaches the fixture's globals through this
  var window: FixtureWindow
}
