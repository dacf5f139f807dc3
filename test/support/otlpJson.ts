import { randomBytes } from 'node:crypto'

export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex')

/** A hand-written OTLP/JSON trace request with one span per entry of `spans`. */
export const jsonTraceRequest = (
  spans: { traceId: string; spanId: string; name: string; attributes?: unknown[]; startNs?: string }[],
  service = 'json-edge',
): Record<string, unknown> => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          scope: { name: 'hand-written' },
          spans: spans.map((span) => ({
            traceId: span.traceId,
            spanId: span.spanId,
            name: span.name,
            kind: 2,
            startTimeUnixNano: span.startNs ?? '1700000000000000001',
            endTimeUnixNano: (BigInt(span.startNs ?? '1700000000000000001') + 2_500_000n).toString(),
            attributes: span.attributes ?? [],
            status: { code: 0 },
          })),
        },
      ],
    },
  ],
})
