import { expect, it } from 'vitest'
import { traceFields } from './traceLink.js'

const good = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' }

it('passes well-formed ids through and nothing else', () => {
  expect(traceFields(good)).toEqual(good)
  expect(traceFields({ ...good, extra: 1 } as typeof good)).toEqual(good)
  expect(traceFields(undefined)).toEqual({})
})

it('drops both ids when either has the wrong length, case or is all zeros (invalid in W3C)', () => {
  for (const bad of [
    { ...good, traceId: good.traceId.slice(1) },
    { ...good, spanId: `${good.spanId}00` },
    { ...good, traceId: good.traceId.toUpperCase() },
    { ...good, traceId: '0'.repeat(32) },
    { ...good, spanId: '0'.repeat(16) },
  ])
    expect(traceFields(bad)).toEqual({})
})
