import type { LogRow, MetricPointRow, SpanRow } from '../otlp/rows.js'
import { encodeLog } from './encodeLog.js'
import { encodeMetricPoint } from './encodeMetricPoint.js'
import { encodeSpan } from './encodeSpan.js'
import { replaceLoneSurrogates } from './replaceLoneSurrogates.js'
import type { WriteBatch } from './Storage.js'

/**
 * Rows already encoded as staging lines (one JSON line per row), per table. Plain arrays of strings, so a
 * batch crosses a worker-thread boundary by structured clone. A new table adds a field here, an encoder in
 * {@link encodeBatch} and a staging table in `stagingTables.ts`.
 */
export interface EncodedBatch {
  spans: string[]
  logs: string[]
  metrics: string[]
}

/**
 * A staging line is one line: the inbox joins a write's lines with newlines. Outside strings (where
 * JSON escapes it) a newline is only whitespace, so a space means the same.
 */
const oneLine = (json: string): string => (json.includes('\n') ? json.replaceAll('\n', ' ') : json)

const encodeAll = <Row>(rows: readonly Row[] | undefined, encode: (row: Row) => string): string[] => {
  if (rows === undefined || rows.length === 0) return []
  const lines = new Array<string>(rows.length)
  for (let i = 0; i < rows.length; i++) lines[i] = oneLine(replaceLoneSurrogates(encode(rows[i]!)))
  return lines
}

/** Encodes every row of `batch` into its staging line. */
export const encodeBatch = (batch: WriteBatch): EncodedBatch => ({
  spans: encodeAll<SpanRow>(batch.spans, encodeSpan),
  logs: encodeAll<LogRow>(batch.logs, encodeLog),
  metrics: encodeAll<MetricPointRow>(batch.metrics, encodeMetricPoint),
})

/** Rows in an encoded batch. */
export const encodedRows = (batch: EncodedBatch): number =>
  batch.spans.length + batch.logs.length + batch.metrics.length
