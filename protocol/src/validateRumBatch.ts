import { Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { RumBatch, RumMeta } from './RumBatch.js'
import { RumEventSchemas } from './RumEvent.js'
import { RumLimits } from './RumLimits.js'

/** One validation problem: a JSON pointer into the batch and what is wrong there. */
export interface RumValidationIssue {
  /** JSON pointer, e.g. `/events/3/rating`. */
  path: string
  message: string
}

/** Outcome of {@link validateRumBatch}: the typed batch, or the issues found. */
export type RumValidationResult = { ok: true; batch: RumBatch } | { ok: false; issues: RumValidationIssue[] }

const Envelope = Type.Object({
  meta: RumMeta,
  events: Type.Array(Type.Object({ type: Type.String({ maxLength: 32 }) }), {
    minItems: 1,
    maxItems: RumLimits.maxEventsPerBatch,
  }),
})

const isEventType = (t: string): t is keyof typeof RumEventSchemas => Object.hasOwn(RumEventSchemas, t)

/**
 * Validates a parsed request body. Events are checked against the schema their `type` names, so
 * issues point at the offending field (`/events/3/rating`) rather than at a failed union.
 * Stops after `maxIssues` issues so hostile input cannot make the answer large.
 */
export const validateRumBatch = (input: unknown, maxIssues = 20): RumValidationResult => {
  const issues: RumValidationIssue[] = []
  const collect = (schema: Parameters<typeof Value.Errors>[0], value: unknown, prefix: string) => {
    for (const e of Value.Errors(schema, value)) {
      if (issues.length >= maxIssues) return
      issues.push({ path: prefix + e.path, message: e.message })
    }
  }
  collect(Envelope, input, '')
  if (issues.length > 0) return { ok: false, issues }
  const events = (input as { events: { type: string }[] }).events
  events.forEach((ev, i) => {
    if (!isEventType(ev.type)) {
      if (issues.length < maxIssues) issues.push({ path: `/events/${i}/type`, message: `Unknown event type` })
      return
    }
    collect(RumEventSchemas[ev.type], ev, `/events/${i}`)
  })
  if (issues.length > 0) return { ok: false, issues }
  return { ok: true, batch: input as RumBatch }
}

/** True when `input` is a valid batch; the fast path for the collector when no issue list is needed. */
export const isRumBatch = (input: unknown): input is RumBatch => Value.Check(RumBatch, input)
