import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../app.js'
import { defaultConfig } from '../../config/schema.js'
import { InfraMetrics } from '../../infra/InfraMetrics.js'
import { InfraTrendDefaults, SaturationThresholds } from '../../infra/SaturationThresholds.js'
import { openStorage } from '../../storage/openStorage.js'
import type { Storage } from '../../storage/Storage.js'
import { metricRow, ns } from '../../storage/testing/rows.js'
import { tempDir } from '../../storage/testing/tempDir.js'

const at = ns('2026-03-01T10:30:00Z')
const from = '2026-03-01T10:00:00.000Z'
const to = '2026-03-01T11:00:00.000Z'

describe('GET /api/infra', () => {
  let storage: Storage
  let app: FastifyInstance
  let remove: () => Promise<void>

  beforeAll(async () => {
    const temp = await tempDir()
    remove = temp.remove
    storage = await openStorage({ dataDir: temp.dir })
    app = await buildApp({ config: { ...defaultConfig, data: { dir: temp.dir } }, storage, logger: false })
    const resource = JSON.stringify({
      'service.name': 'shop',
      'service.instance.id': 'i-1',
      'host.name': 'web-1',
    })
    const row = (n: number, metricName: string, value: number, attributes: Record<string, unknown>) =>
      metricRow(n, {
        timestamp: at,
        serviceName: 'shop',
        metricName,
        resourceAttributes: resource,
        attributes: JSON.stringify(attributes),
        value,
      })
    await storage.write({
      metrics: [
        row(0, InfraMetrics.systemCpu, 0.05, { 'system.cpu.state': 'idle', 'system.cpu.logical_number': 0 }),
        row(1, InfraMetrics.systemMemory, 0.8, { 'system.memory.state': 'used' }),
        row(2, InfraMetrics.eventLoopDelayP99, 0.05, {}),
      ],
    })
  })

  afterAll(async () => {
    await app.close()
    await storage.close()
    await remove()
  })

  it('answers hosts with ISO times, thresholds and a full trend', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/infra?from=${from}&to=${to}` })
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body).toMatchObject({
      from,
      to,
      bucketSeconds: 3600 / InfraTrendDefaults.buckets,
      thresholds: SaturationThresholds,
      projectionHours: InfraTrendDefaults.projectionHours,
    })
    expect(body.hosts).toHaveLength(1)
    const [host] = body.hosts
    expect(host).toMatchObject({
      host: 'web-1',
      lastSeen: '2026-03-01T10:30:00.000Z',
      risk: 'critical',
      disk: null,
      services: ['shop'],
    })
    expect(host.cpu).toMatchObject({ risk: 'critical' })
    expect(host.cpu.latest).toBeCloseTo(0.95, 9)
    expect(host.memory).toMatchObject({ latest: 0.8, risk: 'warning', slopePerHour: null })
    expect(host.trend).toHaveLength(InfraTrendDefaults.buckets)
    expect(host.trend[6]).toMatchObject({ start: '2026-03-01T10:30:00.000Z', memory: 0.8, disk: null })
    expect(host.instances).toEqual([
      expect.objectContaining({
        service: 'shop',
        instance: 'i-1',
        processCpu: null,
        lastSeen: host.lastSeen,
      }),
    ])
    expect(host.instances[0].eventLoopDelayP99Ms).toBeCloseTo(50, 9)
  })

  it('leaves hosts without data in the window out', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/infra?from=2026-03-01T11:00:00Z&to=2026-03-01T12:00:00Z',
    })
    expect(response.statusCode).toBe(200)
    expect(response.json().hosts).toEqual([])
  })

  it('rejects an inverted or unreadable window with 400', async () => {
    expect((await app.inject({ method: 'GET', url: `/api/infra?from=${to}&to=${from}` })).statusCode).toBe(
      400,
    )
    expect((await app.inject({ method: 'GET', url: '/api/infra?from=yesterday' })).statusCode).toBe(400)
  })

  it('is described in the OpenAPI document', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' })
    expect(Object.keys(response.json().paths)).toContain('/api/infra')
  })
})
