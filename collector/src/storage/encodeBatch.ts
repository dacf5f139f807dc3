import type { LogRow, MetricPointRow, SpanRow } from '../otlp/rows.js'
import { encodeLog } from './encodeLog.js'
import { encodeMetricPoint } from './encodeMetricPoint.js'
import { encodeSpan } from './encodeSpan.js'
import { replaceLoneSurrogates } from './replaceLoneSurrogates.js'
import type { WriteBatch } from './Storage.js'

/**
 * Consecutive staging lines joined by newlines, as UTF-8, and how many lines (rows) that is. Bytes
 * rather than a string: a worker thread transfers them without a copy, and they reach DuckDB without
 * ever being a string on the main thread's heap.
 */
export interface LineChunk {
  bytes: Uint8Array
  rows: number
}

/** One table's rows of a write, as staging lines in chunks of about {@link chunkChars} characters. */
export interface EncodedLines {
  rows: number
  chunks: LineChunk[]
}

/**
 * Rows already encoded as staging lines (one JSON line per row), per table, in a few chunks per
 * table: a batch crosses a worker-thread boundary with its chunks' buffers transferred (see
 * {@link transferables}), and each chunk becomes one row of the writer's inbox as it is. A new table adds a field here, an
 * encoder in {@link encodeBatch} and a staging table in `stagingTables.ts`.
 */
export interface EncodedBatch {
  spans: EncodedLines
  logs: EncodedLines
  metrics: EncodedLines
}

/**
 * Characters per chunk at most (a longer line is a chunk of its own). DuckDB stores a string longer
 * than a block (256 KiB) in a block of its own size, which it must pin whole; chunks well below that
 * keep the inbox in ordinary blocks (larger ones ran it out of memory in tests).
 */
export const chunkChars = 64 * 1024

/**
 * A staging line is one line: chunks join lines with newlines. Outside strings (where JSON escapes it)
 * a newline is only whitespace, so a space means the same.
 */
const oneLine = (json: string): string => (json.includes('\n') ? json.replaceAll('\n', ' ') : json)

/** `lines` joined into chunks of at most {@link chunkChars} characters. */
export const chunkLines = (lines: readonly string[]): EncodedLines => {
  const chunks: LineChunk[] = []
  let start = 0
  let chars = 0
  for (let i = 0; i <= lines.length; i++) {
    const length = i < lines.length ? lines[i]!.length : Number.POSITIVE_INFINITY
    if (i > start && chars + length > chunkChars) {
      chunks.push({ bytes: utf8.encode(lines.slice(start, i).join('\n')), rows: i - start })
      start = i
      chars = 0
    }
    chars += length + 1
  }
  return { rows: lines.length, chunks }
}

const utf8 = new TextEncoder()
const utf8Text = new TextDecoder()

/** The staging lines of `chunks`, one per row. */
export const linesOf = (lines: EncodedLines): string[] =>
  lines.chunks.flatMap((chunk) => utf8Text.decode(chunk.bytes).split('\n'))

/** The buffers of `batch`'s chunks, to transfer rather than copy to another thread (each chunk owns its buffer). */
export const transferables = (batch: EncodedBatch): ArrayBuffer[] =>
  [batch.spans, batch.logs, batch.metrics].flatMap((lines) =>
    lines.chunks.map((chunk) => chunk.bytes.buffer as ArrayBuffer),
  )

/**
 * What a batch's text is known to be. `well-formed`: every string is well-formed Unicode, which OTLP
 * decoding checks (invalid UTF-8 in protobuf and lone-surrogate escapes in JSON are refused), and every
 * JSON text in the rows was made by `JSON.stringify`, so none holds a raw newline; the per-line clean-up
 * is then skipped. `any`: rows built elsewhere, cleaned line by line.
 */
export type RowText = 'well-formed' | 'any'

const encodeAll = <Row>(
  rows: readonly Row[] | undefined,
  encode: (row: Row) => string,
  text: RowText,
): EncodedLines => {
  if (rows === undefined || rows.length === 0) return { rows: 0, chunks: [] }
  const lines = new Array<string>(rows.length)
  if (text === 'well-formed') for (let i = 0; i < rows.length; i++) lines[i] = encode(rows[i]!)
  else for (let i = 0; i < rows.length; i++) lines[i] = oneLine(replaceLoneSurrogates(encode(rows[i]!)))
  return chunkLines(lines)
}

/** Encodes every row of `batch` into its staging line. */
export const encodeBatch = (batch: WriteBatch, text: RowText = 'any'): EncodedBatch => ({
  spans: encodeAll<SpanRow>(batch.spans, encodeSpan, text),
  logs: encodeAll<LogRow>(batch.logs, encodeLog, text),
  metrics: encodeAll<MetricPointRow>(batch.metrics, encodeMetricPoint, text),
})

/** Rows in an encoded batch. */
export const encodedRows = (batch: EncodedBatch): number =>
  batch.spans.rows + batch.logs.rows + batch.metrics.rows
