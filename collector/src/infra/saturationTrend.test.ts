import { describe, expect, it } from 'vitest'
import { SaturationThresholds } from './SaturationThresholds.js'
import { riskOf, saturationTrend, type TrendPoint, worseRisk } from './saturationTrend.js'

const t0 = Date.parse('2026-03-01T10:00:00Z')
const fiveMinutes = 300_000
/** Twelve five-minute buckets whose values follow `f(hoursSinceStart)`. */
const series = (f: (hours: number) => number | null): TrendPoint[] =>
  Array.from({ length: 12 }, (_, i) => ({ atMs: t0 + i * fiveMinutes, value: f((i * fiveMinutes) / 3.6e6) }))

describe('saturationTrend', () => {
  it('has no slope, no projection and ok risk without data', () => {
    expect(saturationTrend([], null)).toEqual({ slopePerHour: null, projected: null, risk: 'ok' })
    expect(
      saturationTrend(
        series(() => null),
        null,
      ),
    ).toEqual({
      slopePerHour: null,
      projected: null,
      risk: 'ok',
    })
  })

  it('projects a single bucket flat: the risk is the latest level', () => {
    const one = [{ atMs: t0, value: 0.8 }]
    expect(saturationTrend(one, 0.8)).toEqual({ slopePerHour: null, projected: 0.8, risk: 'warning' })
    expect(saturationTrend(one, 0.3).risk).toBe('ok')
    // Without a separate latest value the last bucket stands in for it.
    expect(saturationTrend(one, null).projected).toBe(0.8)
  })

  it('gives a zero slope for a flat series', () => {
    const trend = saturationTrend(
      series(() => 0.5),
      0.5,
    )
    expect(trend.slopePerHour).toBeCloseTo(0, 12)
    expect(trend.projected).toBeCloseTo(0.5, 12)
    expect(trend.risk).toBe('ok')
  })

  it('recovers the slope of a rising line and warns on the projection before the level does', () => {
    const rate = 0.3
    const start = 0.2
    const trend = saturationTrend(
      series((h) => start + rate * h),
      start + rate * (55 / 60),
    )
    expect(trend.slopePerHour).toBeCloseTo(rate, 9)
    const latest = start + rate * (55 / 60)
    expect(latest).toBeLessThan(SaturationThresholds.warning)
    expect(trend.projected).toBeCloseTo(latest + rate, 9)
    expect(trend.risk).toBe('warning')
  })

  it('fits through empty buckets and noise', () => {
    const rate = -0.12
    const noise = [0.01, -0.01, 0.02, -0.02, 0, 0.01, -0.01, 0, 0.02, -0.02, 0.01, -0.01]
    const points = series((h) => 0.6 + rate * h).map((point, i) => ({
      atMs: point.atMs,
      value: i === 3 || i === 7 ? null : (point.value ?? 0) + (noise[i] ?? 0),
    }))
    // The least-squares slope, computed directly from its definition.
    const filled = points.filter((p) => p.value !== null) as { atMs: number; value: number }[]
    const xs = filled.map((p) => p.atMs / 3.6e6)
    const mx = xs.reduce((a, b) => a + b) / xs.length
    const my = filled.reduce((a, p) => a + p.value, 0) / filled.length
    const num = filled.reduce((a, p, i) => a + ((xs[i] ?? 0) - mx) * (p.value - my), 0)
    const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0)
    expect(saturationTrend(points, 0.5).slopePerHour).toBeCloseTo(num / den, 9)
  })

  it('clamps the projection to [0, 1] and keeps the latest level when the trend falls', () => {
    const steep = saturationTrend(
      series((h) => 0.5 + 2 * h),
      0.95,
    )
    expect(steep.projected).toBe(1)
    expect(steep.risk).toBe('critical')
    const falling = saturationTrend(
      series((h) => 0.99 - 2 * h),
      0.92,
    )
    expect(falling.projected).toBe(0)
    expect(falling.risk).toBe('critical')
  })

  it('uses the thresholds it is given and rejects inverted ones', () => {
    const flat = series(() => 0.5)
    expect(saturationTrend(flat, 0.5, 1, { warning: 0.4, critical: 0.6 }).risk).toBe('warning')
    expect(saturationTrend(flat, 0.5, 1, { warning: 0.3, critical: 0.5 }).risk).toBe('critical')
    expect(() => saturationTrend(flat, 0.5, 1, { warning: 0.9, critical: 0.8 })).toThrow(RangeError)
  })
})

describe('riskOf and worseRisk', () => {
  it('rates values at the exact thresholds as the higher level', () => {
    expect(riskOf(SaturationThresholds.warning)).toBe('warning')
    expect(riskOf(SaturationThresholds.critical)).toBe('critical')
    expect(riskOf(SaturationThresholds.warning - 1e-9)).toBe('ok')
    expect(riskOf(null)).toBe('ok')
  })

  it('orders ok < warning < critical', () => {
    expect(worseRisk('ok', 'warning')).toBe('warning')
    expect(worseRisk('critical', 'warning')).toBe('critical')
    expect(worseRisk('ok', 'ok')).toBe('ok')
  })
})
