import type { RumBatch, RumEvent } from '@vigil/protocol'

/** Epoch ms of the sample batches' sender clock. */
export const sampleSentAt = Date.parse('2026-03-02T10:00:00Z')

type EventBody = RumEvent extends infer E
  ? E extends RumEvent
    ? Omit<E, 'id' | 'time' | 'view' | 'sampleRate'>
    : never
  : never

/** One event of a sample batch; `id` defaults from `n`, `time` to `sentAt − 1000 + n`. */
export const sampleEvent = (
  n: number,
  body: EventBody,
  overrides: Partial<Pick<RumEvent, 'id' | 'time' | 'view' | 'sampleRate'>> = {},
): RumEvent =>
  ({
    id: `e${n}`,
    time: sampleSentAt - 1_000 + n,
    view: 'v1',
    sampleRate: 1,
    ...body,
    ...overrides,
  }) as RumEvent

/** A valid batch for app `shop`, session `s1`, holding `events` (a page view by default). */
export const sampleBatch = (events?: RumEvent[], meta: Partial<RumBatch['meta']> = {}): RumBatch => ({
  meta: {
    v: 1,
    app: 'shop',
    session: 's1',
    sentAt: sampleSentAt,
    sdk: { name: '@vigil/sdk-browser', version: '0.1.0' },
    sampleRate: 1,
    ...meta,
  },
  events: events ?? [
    sampleEvent(0, { type: 'page_view', kind: 'navigation', url: 'https://shop.example/order/42?x=1' }),
  ],
})
