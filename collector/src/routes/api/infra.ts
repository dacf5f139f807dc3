import { type Static, Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { InfraTrendDefaults, SaturationThresholds } from '../../infra/SaturationThresholds.js'
import { trendBucketNs } from '../../infra/trendBucketNs.js'
import type { Storage } from '../../storage/index.js'
import { parseTimeRange } from './timeRange.js'

const Query = Type.Object({
  from: Type.Optional(
    Type.String({ description: 'ISO-8601 time or epoch ms; default: one hour before `to`' }),
  ),
  to: Type.Optional(Type.String({ description: 'ISO-8601 time or epoch ms; default: now' })),
})

const Nullable = <T extends ReturnType<typeof Type.Number>>(schema: T) => Type.Union([schema, Type.Null()])
const Ratio = (description: string) => Type.Number({ description })
const Risk = Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('critical')])

const Resource = Type.Union([
  Type.Object({
    latest: Ratio('most recent sample, 0–1'),
    mean: Ratio('mean of the samples in the window'),
    max: Ratio('largest sample in the window'),
    slopePerHour: Nullable(
      Type.Number({ description: 'least-squares slope over the trend buckets, per hour' }),
    ),
    projected: Ratio('latest + slope × 1 h, clamped to [0, 1]'),
    risk: Risk,
  }),
  Type.Null(),
])

const Instance = Type.Object({
  service: Type.String(),
  instance: Type.String({ description: 'service.instance.id' }),
  lastSeen: Type.String(),
  processCpu: Nullable(Ratio('process CPU (user + system), share of host CPU')),
  heapUsedBytes: Nullable(Type.Number()),
  heapLimitBytes: Nullable(Type.Number()),
  heapUsedRatio: Nullable(Type.Number()),
  eventLoopDelayP99Ms: Nullable(Type.Number()),
  eventLoopDelayP99MaxMs: Nullable(Type.Number()),
  eventLoopUtilization: Nullable(Type.Number()),
})

const Host = Type.Object({
  host: Type.String({ description: 'host.name of the resource' }),
  lastSeen: Type.String(),
  risk: Risk,
  cpu: Resource,
  memory: Resource,
  disk: Resource,
  trend: Type.Array(
    Type.Object({
      start: Type.String(),
      cpu: Nullable(Type.Number()),
      memory: Nullable(Type.Number()),
      disk: Nullable(Type.Number()),
    }),
  ),
  services: Type.Array(Type.String()),
  instances: Type.Array(Instance),
})

const Reply = Type.Object({
  from: Type.String(),
  to: Type.String(),
  bucketSeconds: Type.Number(),
  thresholds: Type.Object({ warning: Type.Number(), critical: Type.Number() }),
  projectionHours: Type.Number(),
  hosts: Type.Array(Host),
})

const iso = (ms: number) => new Date(ms).toISOString()

/** `GET /api/infra`: CPU, memory, disk, saturation trend and service instances per host over a window. */
export const infraRoutes = async (app: FastifyInstance, { storage }: { storage: Storage }) => {
  app.get<{ Querystring: Static<typeof Query>; Reply: Static<typeof Reply> }>(
    '/api/infra',
    {
      schema: {
        summary: 'Infrastructure risk per host and instance',
        tags: ['infra'],
        querystring: Query,
        response: { 200: Reply },
      },
    },
    async (request) => {
      const { fromNs, toNs } = parseTimeRange(request.query, Date.now())
      const hosts = await storage.infra({ fromNs, toNs })
      const bucketNs = trendBucketNs(fromNs, toNs, InfraTrendDefaults.buckets)
      return {
        from: iso(Number(fromNs / 1_000_000n)),
        to: iso(Number(toNs / 1_000_000n)),
        bucketSeconds: Number(bucketNs) / 1e9,
        thresholds: { ...SaturationThresholds },
        projectionHours: InfraTrendDefaults.projectionHours,
        hosts: hosts.map(({ lastSeenMs, trend, instances, ...host }) => ({
          ...host,
          lastSeen: iso(lastSeenMs),
          trend: trend.map(({ startMs, ...bucket }) => ({ start: iso(startMs), ...bucket })),
          instances: instances.map(({ lastSeenMs: seen, ...instance }) => ({
            ...instance,
            lastSeen: iso(seen),
          })),
        })),
      }
    },
  )
}
