import { emptyMetricFields, type LogRow, type MetricPointRow, type SpanRow } from '../../otlp/rows.js'

/** Nanoseconds since the epoch of an ISO time, for readable test data. */
export const ns = (iso: string): bigint => BigInt(Date.parse(iso)) * 1_000_000n

const hex = (value: number, width: number) => value.toString(16).padStart(width, '0')

/** Span fixture; every field can be overridden. Ids derive from `n` so rows stay distinct. */
export const spanRow = (n: number, overrides: Partial<SpanRow> = {}): SpanRow => ({
  timestamp: ns('2026-01-01T00:00:00Z') + BigInt(n) * 1_000_000n,
  traceId: hex(Math.floor(n / 4) + 1, 32),
  spanId: hex(n + 1, 16),
  parentSpanId: '',
  traceState: '',
  flags: 1,
  spanName: `span ${n}`,
  spanKind: 'Server',
  serviceName: 'checkout',
  resourceAttributes: '{"service.name":"checkout"}',
  resourceSchemaUrl: '',
  scopeName: 'test',
  scopeVersion: '1.0.0',
  scopeAttributes: '{}',
  spanAttributes: `{"n":${n}}`,
  duration: 1_000_000n,
  statusCode: 'Unset',
  statusMessage: '',
  events: [],
  links: [],
  droppedAttributesCount: 0,
  droppedEventsCount: 0,
  droppedLinksCount: 0,
  ...overrides,
})

/** Log record fixture. */
export const logRow = (n: number, overrides: Partial<LogRow> = {}): LogRow => ({
  timestamp: ns('2026-01-01T00:00:00Z') + BigInt(n) * 1_000_000n,
  observedTimestamp: ns('2026-01-01T00:00:00Z') + BigInt(n) * 1_000_000n,
  traceId: '',
  spanId: '',
  flags: 0,
  severityText: 'INFO',
  severityNumber: 9,
  serviceName: 'checkout',
  body: JSON.stringify(`log ${n}`),
  eventName: '',
  resourceAttributes: '{"service.name":"checkout"}',
  resourceSchemaUrl: '',
  scopeName: 'test',
  scopeVersion: '',
  scopeAttributes: '{}',
  logAttributes: `{"n":${n}}`,
  droppedAttributesCount: 0,
  ...overrides,
})

/** Metric point fixture (a gauge unless overridden). */
export const metricRow = (n: number, overrides: Partial<MetricPointRow> = {}): MetricPointRow => ({
  type: 'gauge',
  timestamp: ns('2026-01-01T00:00:00Z') + BigInt(n) * 1_000_000n,
  startTimestamp: 0n,
  serviceName: 'checkout',
  metricName: 'queue.depth',
  metricDescription: '',
  metricUnit: '1',
  resourceAttributes: '{"service.name":"checkout"}',
  resourceSchemaUrl: '',
  scopeName: 'test',
  scopeVersion: '',
  scopeAttributes: '{}',
  attributes: `{"n":${n}}`,
  flags: 0,
  ...emptyMetricFields(),
  value: n,
  ...overrides,
})
