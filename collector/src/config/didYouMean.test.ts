import { describe, expect, it } from 'vitest'
import { didYouMean } from './didYouMean.js'

const retention = ['traces', 'logs', 'metrics', 'interval']

describe('didYouMean', () => {
  it('forgives a missing, extra or swapped letter', () => {
    expect(didYouMean('trace', retention)).toBe('traces')
    expect(didYouMean('tracess', retention)).toBe('traces')
    expect(didYouMean('intreval', retention)).toBe('interval')
    expect(didYouMean('hsot', ['host', 'port', 'bodyLimit'])).toBe('host')
  })

  it('ignores case, dashes and underscores', () => {
    expect(didYouMean('api_token', ['apiToken', 'ingestKeys'])).toBe('apiToken')
    expect(didYouMean('BODY-LIMIT', ['host', 'port', 'bodyLimit'])).toBe('bodyLimit')
  })

  it('matches a word that is part of a setting name', () => {
    expect(didYouMean('token', ['apiToken', 'ingestKeys'])).toBe('apiToken')
  })

  it('picks the closest of several candidates', () => {
    expect(didYouMean('log', ['logs', 'level', 'dogs2'])).toBe('logs')
  })

  it('stays quiet when nothing is close', () => {
    expect(didYouMean('journeys', retention)).toBeUndefined()
    expect(didYouMean('', retention)).toBeUndefined()
    expect(didYouMean('xy', ['host', 'port'])).toBeUndefined()
  })
})
