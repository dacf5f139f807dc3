/** Options of `startTracing`. Only `endpoint` and `service` are required. */
export interface TracingConfig {
  /** Collector base URL, as given to `init`; spans go to `POST {endpoint}/v1/traces` (OTLP/HTTP JSON). */
  endpoint: string
  /** `service.name` of the browser spans, e.g. `shop-web`. */
  service: string
  /** Ingest key, sent as the `x-vigil-key` header (needed when the collector has ingest keys). */
  key?: string
  /** `service.version` of the browser spans. */
  release?: string
  /** `deployment.environment` of the browser spans. */
  environment?: string
  /**
   * Backends that receive `traceparent` and `baggage`: origins (`https://api.example.com`) or
   * patterns matched against the full request URL. The page's own origin always receives them
   * (OpenTelemetry's rule); nothing else does unless listed here.
   */
  propagateTo?: (string | RegExp)[]
  /** Record the document load (navigation and resource timings) as a trace; default true. */
  documentLoad?: boolean
}

/** Tracing configuration with defaults applied. */
export type ResolvedTracingConfig = Required<Omit<TracingConfig, 'key' | 'release' | 'environment'>> &
  Pick<TracingConfig, 'key' | 'release' | 'environment'> & { tracesUrl: string }

/** Applies the defaults in one place. */
export const makeTracingConfig = (c: TracingConfig, base: string): ResolvedTracingConfig => ({
  propagateTo: [],
  documentLoad: true,
  ...c,
  tracesUrl: new URL(`${c.endpoint.replace(/\/+$/, '')}/v1/traces`, base).href,
})
