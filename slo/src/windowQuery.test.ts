import { describe, expect, it } from 'vitest'
import { windowQuery } from './windowQuery.js'

const HOUR = 3_600_000

describe('windowQuery', () => {
  it("fills in Sloth's {{.window}} placeholder, spaced or not, everywhere", () => {
    const q = 'sum(rate(a{code=~"5.."}[{{.window}}])) / sum(rate(a[{{ .window }}]))'
    expect(windowQuery(q, 6 * HOUR, 'ratio')).toEqual({
      query: 'sum(rate(a{code=~"5.."}[6h])) / sum(rate(a[6h]))',
      windowed: true,
    })
  })

  it('sets every plain range selector to the window, leaving subqueries and strings alone', () => {
    const q = 'sum(rate(a{path="/x[5m]"}[5m])) + max_over_time(b[1h:1m]) + sum(increase(c[1h30m]))'
    expect(windowQuery(q, 24 * HOUR, 'count').query).toBe(
      'sum(rate(a{path="/x[5m]"}[1d])) + max_over_time(b[1h:1m]) + sum(increase(c[1d]))',
    )
  })

  it('rates a bare counter selector and averages a bare ratio selector', () => {
    expect(windowQuery('http_requests_total{code="500"}', HOUR, 'count').query).toBe(
      'sum(rate(http_requests_total{code="500"}[1h]))',
    )
    expect(windowQuery('job:error_ratio', HOUR, 'ratio').query).toBe('avg_over_time(job:error_ratio[1h])')
  })

  it('averages an unranged ratio expression as a subquery, and flags an unranged count expression', () => {
    expect(windowQuery('a / b', HOUR, 'ratio')).toEqual({
      query: 'avg_over_time((a / b)[1h:1m])',
      windowed: true,
    })
    expect(windowQuery('sum(a) - sum(b)', HOUR, 'count')).toEqual({
      query: 'sum(a) - sum(b)',
      windowed: false,
    })
  })
})
