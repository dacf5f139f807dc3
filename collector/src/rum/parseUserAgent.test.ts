import { describe, expect, it } from 'vitest'
import { parseUserAgent } from './parseUserAgent.js'

const iphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
const linuxChrome =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

describe('parseUserAgent', () => {
  it('names browser, major version, OS and device class', () => {
    expect(parseUserAgent(iphone)).toEqual({
      browser: 'Mobile Safari',
      browserVersion: '17',
      os: 'iOS',
      deviceType: 'mobile',
    })
    expect(parseUserAgent(linuxChrome)).toEqual({
      browser: 'Chrome',
      browserVersion: '131',
      os: 'Linux',
      deviceType: 'desktop',
    })
  })

  it('answers the same for a cached user agent', () => {
    expect(parseUserAgent(iphone)).toEqual(parseUserAgent(iphone))
  })

  it('leaves everything unknown without a user agent', () => {
    expect(parseUserAgent(undefined)).toEqual({
      browser: null,
      browserVersion: null,
      os: null,
      deviceType: null,
    })
    expect(parseUserAgent('curl-ish/1').deviceType).toBeNull()
  })
})
