/** What a host app may pass to `start()`; every field is optional and falls back to the environment. */
export interface VigilNodeOptions {
  /** `service.name`. Env `VIGIL_SERVICE`, then `OTEL_SERVICE_NAME`. */
  service?: string
  /** `service.version`. Env `VIGIL_VERSION`. */
  version?: string
  /** `deployment.environment` (and `deployment.environment.name`). Env `VIGIL_ENVIRONMENT`. */
  environment?: string
  /** Collector base URL. Env `VIGIL_ENDPOINT`, then `OTEL_EXPORTER_OTLP_ENDPOINT`; default `http://127.0.0.1:4318`. */
  endpoint?: string
  /** Ingest key, sent as `Authorization: Bearer <key>`. Env `VIGIL_KEY`. */
  key?: string
  /** Overrides the detected `host.name`. Env `VIGIL_HOST_NAME`. */
  hostName?: string
  /** Export logs too (opt-in). Env `VIGIL_LOGS=1`. */
  logs?: boolean
  /** Runtime metrics (event loop, heap, GC); default true. */
  runtimeMetrics?: boolean
  /** Host metrics (CPU, memory, network, filesystem); default true. */
  hostMetrics?: boolean
  /** Spans the SDK may hold at once (queued plus in flight); beyond it new spans are dropped and counted. */
  maxQueueSize?: number
  /** Largest batch per export request. */
  maxExportBatchSize?: number
  /** Delay between span exports, in ms. */
  scheduledDelayMillis?: number
  /** Upper bound of one export, retries included, in ms. */
  exportTimeoutMillis?: number
  /** Interval between metric exports, in ms. */
  metricIntervalMillis?: number
  /** Upper bound of `shutdown()`, in ms; what is not flushed by then is given up. */
  shutdownTimeoutMillis?: number
  /** Start nothing (env `OTEL_SDK_DISABLED=true`). */
  disabled?: boolean
}

/** The resolved configuration: every value decided, nothing left to read from the environment. */
export interface VigilNodeConfig {
  service: string
  version: string | undefined
  environment: string | undefined
  /** Base URL without a trailing slash; signal paths are appended to it. */
  endpoint: string
  key: string | undefined
  hostName: string | undefined
  logs: boolean
  runtimeMetrics: boolean
  hostMetrics: boolean
  maxQueueSize: number
  maxExportBatchSize: number
  scheduledDelayMillis: number
  exportTimeoutMillis: number
  metricIntervalMillis: number
  shutdownTimeoutMillis: number
  disabled: boolean
}

/** Defaults in one place. The metric interval is shorter than OTel's 60 s so infrastructure risk shows within a minute. */
export const VigilNodeDefaults = {
  service: 'unknown_service:node',
  endpoint: 'http://127.0.0.1:4318',
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 5000,
  exportTimeoutMillis: 10_000,
  metricIntervalMillis: 15_000,
  shutdownTimeoutMillis: 5000,
} as const

type Env = Readonly<Record<string, string | undefined>>

const text = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

const flag = (value: string | undefined): boolean | undefined => {
  const normalized = text(value)?.toLowerCase()
  if (normalized === undefined) return undefined
  return normalized === '1' || normalized === 'true' || normalized === 'yes'
}

const positive = (value: string | undefined): number | undefined => {
  const parsed = Number(text(value))
  return Number.isFinite(parsed) && parsed > 0 ? parsed : undefined
}

const checkPositive = (name: string, value: number | undefined): number | undefined => {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be a positive number: ${value}`)
  }
  return value
}

/**
 * Resolves the SDK configuration. Precedence: explicit options, then `VIGIL_*` variables, then the standard
 * `OTEL_*` variables, then {@link VigilNodeDefaults}. This is the only place the SDK reads the environment.
 * Invalid option values are programmer errors and throw; invalid environment values fall back to the default.
 */
export const makeConfig = (options: VigilNodeOptions = {}, env: Env = process.env): VigilNodeConfig => {
  const maxQueueSize =
    checkPositive('maxQueueSize', options.maxQueueSize) ??
    positive(env.OTEL_BSP_MAX_QUEUE_SIZE) ??
    VigilNodeDefaults.maxQueueSize
  const maxExportBatchSize =
    checkPositive('maxExportBatchSize', options.maxExportBatchSize) ??
    positive(env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE) ??
    VigilNodeDefaults.maxExportBatchSize
  const endpoint =
    text(options.endpoint) ??
    text(env.VIGIL_ENDPOINT) ??
    text(env.OTEL_EXPORTER_OTLP_ENDPOINT) ??
    VigilNodeDefaults.endpoint
  return {
    service:
      text(options.service) ??
      text(env.VIGIL_SERVICE) ??
      text(env.OTEL_SERVICE_NAME) ??
      VigilNodeDefaults.service,
    version: text(options.version) ?? text(env.VIGIL_VERSION),
    environment: text(options.environment) ?? text(env.VIGIL_ENVIRONMENT),
    endpoint: endpoint.replace(/\/+$/, ''),
    key: text(options.key) ?? text(env.VIGIL_KEY),
    hostName: text(options.hostName) ?? text(env.VIGIL_HOST_NAME),
    logs: options.logs ?? flag(env.VIGIL_LOGS) ?? false,
    runtimeMetrics: options.runtimeMetrics ?? true,
    hostMetrics: options.hostMetrics ?? true,
    maxQueueSize,
    // OTel requires batch <= queue; a larger batch could never fill.
    maxExportBatchSize: Math.min(maxExportBatchSize, maxQueueSize),
    scheduledDelayMillis:
      checkPositive('scheduledDelayMillis', options.scheduledDelayMillis) ??
      positive(env.OTEL_BSP_SCHEDULE_DELAY) ??
      VigilNodeDefaults.scheduledDelayMillis,
    exportTimeoutMillis:
      checkPositive('exportTimeoutMillis', options.exportTimeoutMillis) ??
      positive(env.OTEL_EXPORTER_OTLP_TIMEOUT) ??
      VigilNodeDefaults.exportTimeoutMillis,
    metricIntervalMillis:
      checkPositive('metricIntervalMillis', options.metricIntervalMillis) ??
      positive(env.OTEL_METRIC_EXPORT_INTERVAL) ??
      VigilNodeDefaults.metricIntervalMillis,
    shutdownTimeoutMillis:
      checkPositive('shutdownTimeoutMillis', options.shutdownTimeoutMillis) ??
      VigilNodeDefaults.shutdownTimeoutMillis,
    disabled: options.disabled ?? flag(env.OTEL_SDK_DISABLED) ?? false,
  }
}
