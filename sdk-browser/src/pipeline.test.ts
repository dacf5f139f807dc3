import { RUM_PROTOCOL_VERSION, type RumEvent, validateRumBatch } from '@vigil/protocol'
import { describe, expect, it } from 'vitest'
import { buildError } from './buildError.js'
import { type PipelineItem, pipeline } from './pipeline.js'
import { PROTOCOL_VERSION, sdkInfo } from './sdkInfo.js'
import type { SessionState } from './session.js'

const setup = (beforeSend?: (e: RumEvent) => RumEvent | null | undefined | false, sampled = true) => {
  const out: PipelineItem[] = []
  const s: SessionState = { id: 'sess1', start: 0, last: 0, sampled }
  const emit = pipeline({
    session: () => s,
    sampleRate: 0.5,
    view: () => 'view1',
    now: () => 1_700_000_000_000,
    beforeSend,
    push: (i) => out.push(i),
  })
  return { emit, out }
}

describe('pipeline', () => {
  it('completes events so that a batch of them passes the protocol schema', () => {
    const { emit, out } = setup()
    emit({ type: 'page_view', kind: 'navigation', url: 'https://shop.test/' })
    emit(buildError(new TypeError('boom for jane@mail.test'), true, (u) => u))
    emit({
      type: 'action',
      action: 'click',
      target: 'button#pay',
      duration: 12,
      time: 1_700_000_000_100,
      view: 'older',
    })
    const batch = {
      meta: {
        v: PROTOCOL_VERSION,
        app: 'shop',
        session: out[0]!.s,
        sentAt: 1,
        sdk: sdkInfo,
        sampleRate: 0.5,
      },
      events: out.map((i) => i.e),
    }
    expect(validateRumBatch(batch)).toMatchObject({ ok: true })
    expect(out.map((i) => i.e.sampleRate)).toEqual([0.5, 0.5, 0.5])
    expect(new Set(out.map((i) => i.e.id)).size).toBe(3)
    expect(out[2]!.e).toMatchObject({ view: 'older', time: 1_700_000_000_100 })
    expect(out[0]!.e).toMatchObject({ view: 'view1', time: 1_700_000_000_000 })
  })
  it('speaks the protocol version of @vigil/protocol', () => {
    expect(PROTOCOL_VERSION).toBe(RUM_PROTOCOL_VERSION)
  })
  it('lets beforeSend edit or drop events', () => {
    const { emit, out } = setup((e) => (e.type === 'custom' ? null : { ...e, view: 'edited' }))
    emit({ type: 'custom', name: 'secret' })
    emit({ type: 'measure', name: 'm', value: 1 })
    expect(out.map((i) => [i.e.type, i.e.view])).toEqual([['measure', 'edited']])
  })
  it('drops the event when beforeSend throws', () => {
    const { emit, out } = setup(() => {
      throw new Error('bad filter')
    })
    expect(() => emit({ type: 'measure', name: 'm', value: 1 })).not.toThrow()
    expect(out).toEqual([])
  })
  it('sends nothing for sessions outside the sample', () => {
    const { emit, out } = setup(undefined, false)
    emit({ type: 'measure', name: 'm', value: 1 })
    expect(out).toEqual([])
  })
})
