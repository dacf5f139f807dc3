import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MetricPointRow } from '../otlp/rows.js'
import { openStorage } from '../storage/openStorage.js'
import type { Storage } from '../storage/Storage.js'
import { metricRow, ns } from '../storage/testing/rows.js'
import { tempDir } from '../storage/testing/tempDir.js'
import { InfraMetrics } from './InfraMetrics.js'
import { riskOf } from './saturationTrend.js'

const from = ns('2026-03-01T10:00:00Z')
const to = ns('2026-03-01T11:00:00Z')
const minute = 60_000_000_000n

interface Instance {
  host: string
  service: string
  id: string
}

const resource = ({ host, service, id }: Instance) =>
  JSON.stringify({ 'service.name': service, 'service.instance.id': id, 'host.name': host })

let n = 0
const point = (
  who: Instance,
  at: bigint,
  metricName: string,
  value: number,
  attributes: Record<string, unknown> = {},
  overrides: Partial<MetricPointRow> = {},
): MetricPointRow =>
  metricRow(n++, {
    timestamp: at,
    serviceName: who.service,
    metricName,
    resourceAttributes: resource(who),
    attributes: JSON.stringify(attributes),
    value,
    ...overrides,
  })

/** One export of host metrics: two logical CPUs with the given idle shares, memory, two mounts. */
const hostExport = (who: Instance, at: bigint, idle: [number, number], memoryUsed: number, disk: number) => [
  ...idle.flatMap((share, cpu) => [
    point(who, at, InfraMetrics.systemCpu, share, {
      'system.cpu.state': 'idle',
      'system.cpu.logical_number': cpu,
    }),
    point(who, at, InfraMetrics.systemCpu, (1 - share) / 2, {
      'system.cpu.state': 'user',
      'system.cpu.logical_number': cpu,
    }),
    point(who, at, InfraMetrics.systemCpu, (1 - share) / 2, {
      'system.cpu.state': 'system',
      'system.cpu.logical_number': cpu,
    }),
  ]),
  point(who, at, InfraMetrics.systemMemory, memoryUsed, { 'system.memory.state': 'used' }),
  point(who, at, InfraMetrics.systemMemory, 1 - memoryUsed, { 'system.memory.state': 'free' }),
  point(who, at, InfraMetrics.filesystem, disk / 2, { 'system.filesystem.mountpoint': '/boot' }),
  point(who, at, InfraMetrics.filesystem, disk, { 'system.filesystem.mountpoint': '/' }),
]

/** One export of runtime metrics: heap over two spaces, delay in seconds. */
const runtimeExport = (who: Instance, at: bigint, heapUsed: number, delaySeconds: number, elu: number) => [
  point(who, at, InfraMetrics.processCpu, 0.1, { 'process.cpu.state': 'user' }),
  point(who, at, InfraMetrics.processCpu, 0.05, { 'process.cpu.state': 'system' }),
  point(who, at, InfraMetrics.heapUsed, heapUsed * 0.25, { 'v8js.heap.space.name': 'new_space' }),
  point(who, at, InfraMetrics.heapUsed, heapUsed * 0.75, { 'v8js.heap.space.name': 'old_space' }),
  point(who, at, InfraMetrics.heapLimit, 100e6, { 'v8js.heap.space.name': 'new_space' }),
  point(who, at, InfraMetrics.heapLimit, 300e6, { 'v8js.heap.space.name': 'old_space' }),
  point(who, at, InfraMetrics.eventLoopDelayP99, delaySeconds),
  point(who, at, InfraMetrics.eventLoopUtilization, elu),
]

const shopA: Instance = { host: 'host-a', service: 'shop', id: 'shop-1' }
const payA: Instance = { host: 'host-a', service: 'payments', id: 'pay-1' }
const shopB: Instance = { host: 'host-b', service: 'shop', id: 'shop-2' }
const noHost: Instance = { host: '', service: 'ghost', id: 'g-1' }

/** host-a's CPU busy share rises linearly over the hour; memory stays flat. */
const busyA = (minutes: number) => 0.3 + 0.4 * (minutes / 60)

describe('queryInfra', () => {
  let storage: Storage
  let remove: () => Promise<void>
  const rows: MetricPointRow[] = []

  beforeAll(async () => {
    const temp = await tempDir()
    remove = temp.remove
    storage = await openStorage({ dataDir: temp.dir })
    for (let m = 0; m < 60; m++) {
      const at = from + BigInt(m) * minute
      const busy = busyA(m)
      rows.push(...hostExport(shopA, at, [1 - busy + 0.05, 1 - busy - 0.05], 0.5, 0.4))
      rows.push(...runtimeExport(shopA, at, 40e6 + m * 1e6, 0.012 + (m === 30 ? 0.2 : 0), 0.25))
    }
    // payments on host-a sends runtime metrics only, every ten minutes.
    for (let m = 5; m < 60; m += 10)
      rows.push(...runtimeExport(payA, from + BigInt(m) * minute, 20e6, 0.004, 0.1))
    // host-b reports for the last ten minutes only, with memory near critical.
    for (let m = 50; m < 60; m++) {
      rows.push(...hostExport(shopB, from + BigInt(m) * minute, [0.8, 0.8], 0.93, 0.2))
    }
    // Outside the window, and without a host name: never counted.
    rows.push(...hostExport(shopB, to, [0, 0], 1, 1))
    rows.push(...hostExport(shopB, from - 1n, [0, 0], 1, 1))
    rows.push(...hostExport(noHost, from + minute, [0, 0], 1, 1))
    rows.push(...hostExport({ ...shopB, host: 'host-c' }, to + minute, [0, 0], 1, 1))
    await storage.write({ metrics: rows })
  })

  afterAll(async () => {
    await storage.close()
    await remove()
  })

  it('lists each host with data in the window once, sorted', async () => {
    const hosts = await storage.infra({ fromNs: from, toNs: to })
    expect(hosts.map((host) => host.host)).toEqual(['host-a', 'host-b'])
  })

  it('computes CPU busy as 1 − idle averaged over logical CPUs, with mean, max and latest', async () => {
    const [a] = await storage.infra({ fromNs: from, toNs: to })
    const busy = Array.from({ length: 60 }, (_, m) => busyA(m))
    expect(a?.cpu?.latest).toBeCloseTo(busyA(59), 9)
    expect(a?.cpu?.mean).toBeCloseTo(busy.reduce((x, y) => x + y) / busy.length, 9)
    expect(a?.cpu?.max).toBeCloseTo(Math.max(...busy), 9)
    // Busy rises 0.4 per hour; the bucket means follow the same line.
    expect(a?.cpu?.slopePerHour).toBeCloseTo(0.4, 6)
    expect(a?.cpu?.projected).toBeCloseTo(Math.min(1, busyA(59) + 0.4), 6)
    expect(a?.cpu?.risk).toBe('critical')
    expect(a?.memory).toMatchObject({ latest: 0.5, mean: 0.5, max: 0.5, risk: 'ok' })
    expect(a?.memory?.slopePerHour).toBeCloseTo(0, 9)
    expect(a?.disk).toMatchObject({ latest: 0.4, max: 0.4 })
    expect(a?.risk).toBe('critical')
    expect(a?.lastSeenMs).toBe(Number((from + 59n * minute) / 1_000_000n))
  })

  it('splits the window into equal buckets holding the mean of their samples', async () => {
    const [a, b] = await storage.infra({ fromNs: from, toNs: to })
    expect(a?.trend).toHaveLength(12)
    for (const [i, bucket] of (a?.trend ?? []).entries()) {
      expect(bucket.startMs).toBe(Number(from / 1_000_000n) + i * 300_000)
      const inBucket = Array.from({ length: 5 }, (_, k) => busyA(i * 5 + k))
      expect(bucket.cpu).toBeCloseTo(inBucket.reduce((x, y) => x + y) / 5, 9)
      expect(bucket.memory).toBeCloseTo(0.5, 9)
    }
    // host-b reported only in the last two buckets.
    expect(b?.trend.map((bucket) => bucket.memory !== null)).toEqual([
      ...Array<boolean>(10).fill(false),
      true,
      true,
    ])
    expect(b?.memory?.latest).toBeCloseTo(0.93, 9)
    expect(b?.memory?.risk).toBe(riskOf(0.93))
    expect(b?.cpu?.latest).toBeCloseTo(0.2, 9)
    expect(b?.risk).toBe('critical')
  })

  it('lists the services and per-instance runtime figures', async () => {
    const [a, b] = await storage.infra({ fromNs: from, toNs: to })
    expect(a?.services).toEqual(['payments', 'shop'])
    expect(a?.instances.map((i) => [i.service, i.instance])).toEqual([
      ['payments', 'pay-1'],
      ['shop', 'shop-1'],
    ])
    const shop = a?.instances[1]
    expect(shop?.processCpu).toBeCloseTo(0.15, 9)
    expect(shop?.heapUsedBytes).toBeCloseTo(40e6 + 59e6, 3)
    expect(shop?.heapLimitBytes).toBe(400e6)
    expect(shop?.heapUsedRatio).toBeCloseTo((40e6 + 59e6) / 400e6, 9)
    expect(shop?.eventLoopDelayP99Ms).toBeCloseTo(12, 9)
    expect(shop?.eventLoopDelayP99MaxMs).toBeCloseTo(212, 9)
    expect(shop?.eventLoopUtilization).toBeCloseTo(0.25, 9)
    expect(a?.instances[0]?.lastSeenMs).toBe(Number((from + 55n * minute) / 1_000_000n))
    // host-b's instance sent host metrics only: it is listed, its runtime figures are null.
    expect(b?.instances).toEqual([
      {
        service: 'shop',
        instance: 'shop-2',
        lastSeenMs: Number((from + 59n * minute) / 1_000_000n),
        processCpu: null,
        heapUsedBytes: null,
        heapLimitBytes: null,
        heapUsedRatio: null,
        eventLoopDelayP99Ms: null,
        eventLoopDelayP99MaxMs: null,
        eventLoopUtilization: null,
      },
    ])
  })

  it('pools two instances reporting the same host', async () => {
    const later = to + 10n * minute
    const one: Instance = { host: 'shared', service: 'x', id: 'x-1' }
    const two: Instance = { host: 'shared', service: 'y', id: 'y-1' }
    await storage.write({
      metrics: [
        ...hostExport(one, later, [0.6, 0.6], 0.7, 0.1),
        ...hostExport(two, later + 1_000_000_000n, [0.4, 0.4], 0.8, 0.1),
      ],
    })
    const [shared] = await storage.infra({ fromNs: later, toNs: later + minute, buckets: 1 })
    expect(shared?.host).toBe('shared')
    expect(shared?.services).toEqual(['x', 'y'])
    expect(shared?.cpu?.mean).toBeCloseTo(0.5, 9)
    expect(shared?.cpu?.latest).toBeCloseTo(0.6, 9)
    expect(shared?.memory?.max).toBeCloseTo(0.8, 9)
    expect(shared?.memory?.risk).toBe(riskOf(0.8))
    expect(shared?.memory?.slopePerHour).toBeNull()
    expect(shared?.trend).toHaveLength(1)
  })

  it('returns nothing for an empty or inverted window and rejects a bad bucket count', async () => {
    expect(await storage.infra({ fromNs: to + 60n * minute, toNs: to + 120n * minute })).toEqual([])
    expect(await storage.infra({ fromNs: to, toNs: from })).toEqual([])
    await expect(storage.infra({ fromNs: from, toNs: to, buckets: 0 })).rejects.toThrow(RangeError)
  })
})
