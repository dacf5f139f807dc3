import { type EncodedBatch, encodeBatch, type RowText } from '../storage/encodeBatch.js'
import { decodeLogs } from './decodeLogs.js'
import { decodeMetrics } from './decodeMetrics.js'
import { decodeTraces } from './decodeTraces.js'
import type { OtlpSignal } from './encodeExportResponse.js'
import type { OtlpLimits } from './limits.js'
import type { OtlpFormat } from './otlpFormat.js'

/** One export request decoded and encoded for storage: the staging lines and the partial-success figures. */
export interface DecodedForStorage {
  batch: EncodedBatch
  /** Rows in `batch`. */
  rows: number
  rejected: number
  errorMessage: string
}

/**
 * Decodes an OTLP request body and encodes its rows into staging lines in one step, so the whole CPU-bound
 * part of ingest can run on a worker thread. Throws `OtlpDecodeError` like the decoders.
 */
export const decodeForStorage = (
  signal: OtlpSignal,
  body: Uint8Array,
  format: OtlpFormat,
  limits: OtlpLimits,
): DecodedForStorage => {
  // The decoders refuse strings that are not well-formed Unicode and build every JSON text with
  // JSON.stringify: the lines need no clean-up.
  const text: RowText = 'well-formed'
  if (signal === 'traces') {
    const { rows, rejected, errorMessage } = decodeTraces(body, format, limits)
    return { batch: encodeBatch({ spans: rows }, text), rows: rows.length, rejected, errorMessage }
  }
  if (signal === 'metrics') {
    const { rows, rejected, errorMessage } = decodeMetrics(body, format, limits)
    return { batch: encodeBatch({ metrics: rows }, text), rows: rows.length, rejected, errorMessage }
  }
  const { rows, rejected, errorMessage } = decodeLogs(body, format, limits)
  return { batch: encodeBatch({ logs: rows }, text), rows: rows.length, rejected, errorMessage }
}
