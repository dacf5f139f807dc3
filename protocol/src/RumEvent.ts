import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox'
import { RumLimits as L } from './RumLimits.js'

const Id = Type.String({ minLength: 1, maxLength: L.maxId, pattern: '^[A-Za-z0-9_.:-]+$' })
const Name = Type.String({ minLength: 1, maxLength: L.maxName })
const Url = Type.String({ maxLength: L.maxUrl })
const Message = Type.String({ maxLength: L.maxMessage })
const Target = Type.String({ maxLength: L.maxTarget })
const Millis = Type.Number({ minimum: 0, maximum: 86_400_000 })
const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 })
const Bytes = Type.Number({ minimum: 0, maximum: 1e12 })

/**
 * Fields every event carries. `id` is unique per event (the collector dedupes retries by it),
 * `time` is epoch milliseconds on the sender's clock (the collector corrects skew with
 * `meta.sentAt`), `view` is the page view the event belongs to, and `sampleRate` is the session
 * sampling probability in force, so that counts can be weighted by `1 / sampleRate`.
 */
const base = {
  id: Id,
  time: Type.Number({ minimum: 0, maximum: 1e14 }),
  view: Id,
  sampleRate: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
  /**
   * The W3C trace the event belongs to, when the page traces: the document load's trace for a
   * navigation page view, the trace of the request a user action triggered. Lowercase hex, 32
   * characters (trace) and 16 (span), as in `traceparent`; both or neither.
   */
  traceId: Type.Optional(Type.String({ pattern: '^[0-9a-f]{32}$' })),
  spanId: Type.Optional(Type.String({ pattern: '^[0-9a-f]{16}$' })),
}

const event = <T extends string, P extends TProperties>(type: T, props: P, description: string) =>
  Type.Object({ ...base, type: Type.Literal(type), ...props }, { $id: `rum.${type}`, description })

/** A page view: the document load (`navigation`) or an SPA route change (`route`). */
export const PageViewEvent = event(
  'page_view',
  {
    kind: Type.Union([Type.Literal('navigation'), Type.Literal('route')]),
    url: Url,
    referrer: Type.Optional(Url),
    /** Navigation Timing type of a document load, e.g. `navigate`, `reload`, `back-forward`, `prerender`. */
    navigationType: Type.Optional(Type.String({ maxLength: 32 })),
  },
  'A page view: document load or SPA route change',
)

/**
 * A web vital as web-vitals reports it: `metricId` identifies one metric instance; the sum of
 * `delta` over reports sharing a `metricId` is its value (never sum `value`).
 * `attribution` holds the fields of the metric's own diagnosis: LCP `target`, `url`,
 * `timeToFirstByte`, `resourceLoadDelay`, `resourceLoadDuration`, `elementRenderDelay`;
 * INP `target`, `interactionType`, `inputDelay`, `processingDuration`, `presentationDelay`;
 * CLS `target` (largest shift source), `largestShiftValue`, `largestShiftTime`.
 */
export const WebVitalEvent = event(
  'web_vital',
  {
    name: Type.Union([
      Type.Literal('LCP'),
      Type.Literal('INP'),
      Type.Literal('CLS'),
      Type.Literal('FCP'),
      Type.Literal('TTFB'),
    ]),
    metricId: Type.String({ minLength: 1, maxLength: L.maxId }),
    value: Type.Number({ minimum: 0, maximum: 3_600_000 }),
    delta: Type.Number({ minimum: -3_600_000, maximum: 3_600_000 }),
    rating: Type.Union([Type.Literal('good'), Type.Literal('needs-improvement'), Type.Literal('poor')]),
    navigationType: Type.String({ maxLength: 32 }),
    attribution: Type.Optional(
      Type.Object({
        target: Type.Optional(Target),
        url: Type.Optional(Url),
        timeToFirstByte: Type.Optional(Millis),
        resourceLoadDelay: Type.Optional(Millis),
        resourceLoadDuration: Type.Optional(Millis),
        elementRenderDelay: Type.Optional(Millis),
        interactionType: Type.Optional(Type.Union([Type.Literal('pointer'), Type.Literal('keyboard')])),
        inputDelay: Type.Optional(Millis),
        processingDuration: Type.Optional(Millis),
        presentationDelay: Type.Optional(Millis),
        largestShiftValue: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
        largestShiftTime: Type.Optional(Millis),
      }),
    ),
  },
  'A Core Web Vital or diagnostic metric report with its attribution',
)

/** One parsed stack frame; any part the browser omitted is absent. */
export const StackFrame = Type.Object({
  fn: Type.Optional(Type.String({ maxLength: 256 })),
  file: Type.Optional(Url),
  line: Type.Optional(Type.Integer({ minimum: 0 })),
  col: Type.Optional(Type.Integer({ minimum: 0 })),
})

/** An error: uncaught (`handled: false`) or reported by the app (`handled: true`). */
export const ErrorEvent = event(
  'error',
  {
    errorType: Type.String({ maxLength: L.maxName }),
    message: Message,
    stack: Type.Array(StackFrame, { maxItems: L.maxStackFrames }),
    handled: Type.Boolean(),
    /** Stable hash of type, normalised message and top frame; groups occurrences. */
    fingerprint: Id,
    /** Occurrences of this fingerprint suppressed by rate limiting since the last one sent. */
    suppressed: Type.Optional(Count),
  },
  'An error with parsed stack frames',
)

/** A user action, described without text content; `duration` runs until network and DOM settle. */
export const ActionEvent = event(
  'action',
  {
    action: Type.Union([Type.Literal('click'), Type.Literal('submit')]),
    target: Target,
    duration: Millis,
  },
  'A click or form submission and the time until the page settled',
)

/** A long animation frame (or a long task where LoAF is not supported). */
export const LongFrameEvent = event(
  'long_frame',
  {
    source: Type.Union([Type.Literal('loaf'), Type.Literal('longtask')]),
    start: Millis,
    duration: Millis,
    blockingDuration: Type.Optional(Millis),
    scripts: Type.Optional(
      Type.Array(
        Type.Object({
          src: Url,
          fn: Type.Optional(Type.String({ maxLength: 256 })),
          invoker: Type.Optional(Type.String({ maxLength: 256 })),
          duration: Millis,
        }),
        { maxItems: L.maxScripts },
      ),
    ),
  },
  'A long animation frame or long task',
)

const ResourceTotals = Type.Object({ count: Count, bytes: Bytes, duration: Millis })

/** Resources a page view loaded, totalled by initiator type, with the slowest listed. */
export const ResourcesEvent = event(
  'resources',
  {
    count: Count,
    bytes: Bytes,
    cached: Count,
    byType: Type.Record(Type.String({ maxLength: 32 }), ResourceTotals),
    slowest: Type.Array(
      Type.Object({ url: Url, initiator: Type.String({ maxLength: 32 }), duration: Millis, bytes: Bytes }),
      { maxItems: L.maxSlowResources },
    ),
  },
  'A resource summary per page view',
)

/**
 * A journey transition. `started` marks the journey or one of its steps beginning; `completed`,
 * `failed` and `abandoned` are the journey's outcome, with `step` naming where it ended.
 * `duration` is the time since the journey started.
 */
export const JourneyEvent = event(
  'journey',
  {
    journey: Name,
    journeyId: Id,
    step: Type.Optional(Name),
    status: Type.Union([
      Type.Literal('started'),
      Type.Literal('completed'),
      Type.Literal('failed'),
      Type.Literal('abandoned'),
    ]),
    duration: Millis,
    reason: Type.Optional(Message),
  },
  'A journey step or outcome',
)

/** An application-defined event with a few flat attributes. */
export const CustomEvent = event(
  'custom',
  {
    name: Name,
    attributes: Type.Optional(
      Type.Record(
        Type.String({ maxLength: L.maxName }),
        Type.Union([Type.String({ maxLength: L.maxMessage }), Type.Number(), Type.Boolean()]),
        { maxProperties: L.maxAttributes },
      ),
    ),
  },
  'An application-defined event',
)

/** An application-defined measurement, e.g. `search.results.render` in ms. */
export const MeasureEvent = event(
  'measure',
  {
    name: Name,
    value: Type.Number(),
    unit: Type.Optional(Type.String({ maxLength: 32 })),
  },
  'An application-defined measurement',
)

/** Schema of each event type, keyed by its `type`; lets a validator report errors per event. */
export const RumEventSchemas = {
  page_view: PageViewEvent,
  web_vital: WebVitalEvent,
  error: ErrorEvent,
  action: ActionEvent,
  long_frame: LongFrameEvent,
  resources: ResourcesEvent,
  journey: JourneyEvent,
  custom: CustomEvent,
  measure: MeasureEvent,
} satisfies Record<string, TObject>

/** Any RUM event. */
export const RumEvent = Type.Union([
  PageViewEvent,
  WebVitalEvent,
  ErrorEvent,
  ActionEvent,
  LongFrameEvent,
  ResourcesEvent,
  JourneyEvent,
  CustomEvent,
  MeasureEvent,
])

/** Any RUM event, as a TypeScript type. */
export type RumEvent = Static<typeof RumEvent>
/** Discriminator of a RUM event. */
export type RumEventType = RumEvent['type']
export type PageViewEvent = Static<typeof PageViewEvent>
export type WebVitalEvent = Static<typeof WebVitalEvent>
export type StackFrame = Static<typeof StackFrame>
export type ErrorEvent = Static<typeof ErrorEvent>
export type ActionEvent = Static<typeof ActionEvent>
export type LongFrameEvent = Static<typeof LongFrameEvent>
export type ResourcesEvent = Static<typeof ResourcesEvent>
export type JourneyEvent = Static<typeof JourneyEvent>
export type CustomEvent = Static<typeof CustomEvent>
export type MeasureEvent = Static<typeof MeasureEvent>
