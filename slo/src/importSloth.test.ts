import { describe, expect, it } from 'vitest'
import { importSloth } from './importSloth.js'

const DAY = 86_400_000
const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1

const file = `version: "prometheus/v1"
service: "shop-api"
labels:
  owner: "team-shop"
slos:
  - name: "requests-availability"
    objective: 99.9
    description: "Non-5xx responses."
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: ShopApiAvailability
      page_alert:
        labels: { severity: critical }
      ticket_alert:
        disable: true
  - name: "latency"
    objective: 99
    labels: { tier: "1" }
    sli:
      raw:
        error_ratio_query: 1 - (sum(rate(le_bucket{le="0.3"}[{{.window}}])) / sum(rate(le_count[{{.window}}])))
`

describe('importSloth', () => {
  it('maps objectives, queries, labels and disabled alerts', () => {
    const result = importSloth(file, 'sloth.yaml')
    expect(result.ok).toBe(true)
    const [avail, latency] = result.slos
    expect(avail).toMatchObject({
      id: 'shop-api-requests-availability',
      service: 'shop-api',
      objective: 0.999,
      window: { type: 'rolling', durationMs: 30 * DAY },
      sli: {
        source: 'prometheus',
        badQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))',
        totalQuery: 'sum(rate(http_requests_total[{{.window}}]))',
      },
      alerting: { page: true, ticket: false },
      labels: { owner: 'team-shop' },
      origin: { format: 'sloth', line: lineOf(file, 'requests-availability') },
    })
    expect(latency).toMatchObject({
      objective: 0.99,
      sli: { source: 'prometheus', errorRatioQuery: expect.stringContaining('le="0.3"') },
      alerting: { page: true, ticket: true },
      labels: { owner: 'team-shop', tier: '1' },
    })
    expect(result.issues.filter((i) => i.severity === 'warning').map((i) => i.line)).toEqual([
      lineOf(file, 'error_query'),
      lineOf(file, 'error_ratio_query'),
    ])
  })

  it('takes the SLO period as an option (Sloth has none in its files)', () => {
    expect(importSloth(file, 's.yaml', { periodMs: 28 * DAY }).slos[0]?.window).toEqual({
      type: 'rolling',
      durationMs: 28 * DAY,
    })
  })

  it('reports a plugin SLI and a fractional objective at their lines', () => {
    const text = file
      .replace(
        '      raw:\n        error_ratio_query: 1 - (sum(rate(le_bucket{le="0.3"}[{{.window}}])) / sum(rate(le_count[{{.window}}])))',
        '      plugin:\n        id: sloth-common/kubernetes/apiserver/availability',
      )
      .replace('objective: 99.9', 'objective: 0')
    const result = importSloth(text, 's.yaml')
    expect(result.ok).toBe(false)
    expect(result.issues.find((i) => i.path === 'slos[1].sli.plugin')?.line).toBe(lineOf(text, 'plugin:') + 1)
    expect(result.issues.find((i) => i.path === 'slos[0].objective')?.line).toBe(lineOf(text, 'objective: 0'))
  })

  it('refuses another version', () => {
    const result = importSloth(file.replace('prometheus/v1', 'sloth.slok.dev/v1'), 's.yaml')
    expect(result.issues[0]).toMatchObject({ path: 'version', line: 1 })
  })
})
