import { describe, expect, it } from 'vitest'
import { makeConfig, VigilNodeDefaults } from './makeConfig.js'

describe('makeConfig', () => {
  it('uses the defaults when nothing is set', () => {
    const config = makeConfig({}, {})
    expect(config).toMatchObject({
      service: VigilNodeDefaults.service,
      endpoint: VigilNodeDefaults.endpoint,
      key: undefined,
      version: undefined,
      environment: undefined,
      hostName: undefined,
      logs: false,
      runtimeMetrics: true,
      hostMetrics: true,
      maxQueueSize: VigilNodeDefaults.maxQueueSize,
      exportTimeoutMillis: VigilNodeDefaults.exportTimeoutMillis,
      disabled: false,
    })
  })

  it('prefers options over VIGIL_* over OTEL_* for the endpoint', () => {
    const env = { VIGIL_ENDPOINT: 'http://vigil:1', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:2' }
    expect(makeConfig({ endpoint: 'http://option:3' }, env).endpoint).toBe('http://option:3')
    expect(makeConfig({}, env).endpoint).toBe('http://vigil:1')
    expect(makeConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:2/' }).endpoint).toBe('http://otel:2')
  })

  it('prefers options over VIGIL_SERVICE over OTEL_SERVICE_NAME', () => {
    const env = { VIGIL_SERVICE: 'from-vigil', OTEL_SERVICE_NAME: 'from-otel' }
    expect(makeConfig({ service: 'from-option' }, env).service).toBe('from-option')
    expect(makeConfig({}, env).service).toBe('from-vigil')
    expect(makeConfig({}, { OTEL_SERVICE_NAME: 'from-otel' }).service).toBe('from-otel')
  })

  it('reads the Vigil variables', () => {
    const config = makeConfig(
      {},
      {
        VIGIL_KEY: 'secret',
        VIGIL_VERSION: '1.2.3',
        VIGIL_ENVIRONMENT: 'staging',
        VIGIL_HOST_NAME: 'shop-a',
        VIGIL_LOGS: '1',
      },
    )
    expect(config).toMatchObject({
      key: 'secret',
      version: '1.2.3',
      environment: 'staging',
      hostName: 'shop-a',
      logs: true,
    })
    expect(makeConfig({ logs: false }, { VIGIL_LOGS: 'true' }).logs).toBe(false)
    expect(makeConfig({}, { VIGIL_LOGS: '0' }).logs).toBe(false)
  })

  it('treats blank values as unset', () => {
    const config = makeConfig(
      { service: '  ' },
      { VIGIL_SERVICE: '', OTEL_SERVICE_NAME: 'fallback', VIGIL_KEY: ' ' },
    )
    expect(config.service).toBe('fallback')
    expect(config.key).toBeUndefined()
  })

  it('reads the standard OTel limits and ignores invalid ones', () => {
    const env = {
      OTEL_BSP_MAX_QUEUE_SIZE: '100',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '500',
      OTEL_BSP_SCHEDULE_DELAY: '250',
      OTEL_EXPORTER_OTLP_TIMEOUT: 'soon',
      OTEL_METRIC_EXPORT_INTERVAL: '-5',
    }
    const config = makeConfig({}, env)
    expect(config.maxQueueSize).toBe(100)
    expect(config.maxExportBatchSize).toBe(100)
    expect(config.scheduledDelayMillis).toBe(250)
    expect(config.exportTimeoutMillis).toBe(VigilNodeDefaults.exportTimeoutMillis)
    expect(config.metricIntervalMillis).toBe(VigilNodeDefaults.metricIntervalMillis)
    expect(makeConfig({ maxQueueSize: 7 }, env).maxQueueSize).toBe(7)
  })

  it('throws on invalid options, which are programmer errors', () => {
    expect(() => makeConfig({ maxQueueSize: 0 }, {})).toThrow(RangeError)
    expect(() => makeConfig({ exportTimeoutMillis: Number.NaN }, {})).toThrow(RangeError)
  })

  it('honours OTEL_SDK_DISABLED', () => {
    expect(makeConfig({}, { OTEL_SDK_DISABLED: 'true' }).disabled).toBe(true)
    expect(makeConfig({ disabled: false }, { OTEL_SDK_DISABLED: 'true' }).disabled).toBe(false)
  })
})
