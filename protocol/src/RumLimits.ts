/**
 * Size limits of the RUM wire format. They are part of the schema so that the collector can reject
 * hostile or runaway input before storing it, and so that SDKs can truncate to the same figures.
 */
export const RumLimits = {
  /** Most events in one batch. */
  maxEventsPerBatch: 500,
  /** Largest request body the collector should accept, in bytes. */
  maxBatchBytes: 1_048_576,
  /** Short identifiers: event, session, page view and journey ids. */
  maxId: 64,
  /** Names: app, release, environment, journey, step, event and measure names. */
  maxName: 128,
  /** URLs and route patterns, after scrubbing. */
  maxUrl: 2048,
  /** Error messages and failure reasons. */
  maxMessage: 2048,
  /** Element descriptions (CSS-like selectors). */
  maxTarget: 256,
  /** Parsed stack frames kept per error. */
  maxStackFrames: 50,
  /** Script attributions kept per long animation frame. */
  maxScripts: 10,
  /** Slowest resources listed per resource summary. */
  maxSlowResources: 10,
  /** Attributes on a custom event. */
  maxAttributes: 32,
} as const
