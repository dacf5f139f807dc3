import { describe, expect, it } from 'vitest'
import { resourceSummary } from './resourceSummary.js'

describe('resourceSummary', () => {
  it('totals by initiator, counts cache hits and keeps the slowest, scrubbed', () => {
    const s = resourceSummary((u) => u.split('?')[0]!, 2)
    s.add({
      name: 'https://a.test/app.js?v=1',
      initiatorType: 'script',
      duration: 120.4,
      transferSize: 1000,
      decodedBodySize: 3000,
    })
    s.add({
      name: 'https://a.test/x.css',
      initiatorType: 'link',
      duration: 30,
      transferSize: 0,
      decodedBodySize: 500,
    })
    s.add({ name: 'https://a.test/api', initiatorType: 'fetch', duration: 400, transferSize: 200 })
    s.add({ name: 'https://a.test/v.js', initiatorType: 'script', duration: 10, transferSize: 50 })
    expect(s.take()).toEqual({
      type: 'resources',
      count: 4,
      bytes: 1250,
      cached: 1,
      byType: {
        script: { count: 2, bytes: 1050, duration: 130 },
        link: { count: 1, bytes: 0, duration: 30 },
        fetch: { count: 1, bytes: 200, duration: 400 },
      },
      slowest: [
        { url: 'https://a.test/api', initiator: 'fetch', duration: 400, bytes: 200 },
        { url: 'https://a.test/app.js', initiator: 'script', duration: 120, bytes: 1000 },
      ],
    })
  })
  it('starts afresh after take and answers nothing when nothing loaded', () => {
    const s = resourceSummary(String)
    s.add({ name: 'u', initiatorType: 'img', duration: 1 })
    expect(s.take()?.count).toBe(1)
    expect(s.take()).toBeUndefined()
  })
})
