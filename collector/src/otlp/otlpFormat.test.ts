import { describe, expect, it } from 'vitest'
import { contentTypeFor } from './contentTypeFor.js'
import { otlpFormat } from './otlpFormat.js'

describe('otlpFormat', () => {
  it.each([
    ['application/x-protobuf', 'protobuf'],
    ['Application/X-Protobuf', 'protobuf'],
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    [' APPLICATION/JSON ;charset=UTF-8', 'json'],
    ['application/protobuf', undefined],
    ['text/plain', undefined],
    ['application/jsonl', undefined],
    ['', undefined],
    [undefined, undefined],
  ] as const)('%s → %s', (contentType, format) => {
    expect(otlpFormat(contentType)).toBe(format)
  })

  it('round-trips through contentTypeFor', () => {
    for (const format of ['protobuf', 'json'] as const)
      expect(otlpFormat(contentTypeFor(format))).toBe(format)
  })
})
