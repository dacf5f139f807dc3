import { describe, expect, it } from 'vitest'
import { chunkChars, chunkLines, encodeBatch, linesOf } from './encodeBatch.js'
import { spanRow } from './testing/rows.js'

describe('chunkLines', () => {
  const line = (n: number, chars: number) => `${n}:${'x'.repeat(chars - String(n).length - 1)}`

  it('keeps every line, in order, in chunks no longer than the limit unless one line is', () => {
    const lines = [
      ...Array.from({ length: 50 }, (_, i) => line(i, 3000)),
      line(50, chunkChars + 10),
      line(51, 10),
    ]
    const encoded = chunkLines(lines)
    expect(encoded.rows).toBe(52)
    expect(linesOf(encoded)).toEqual(lines)
    expect(encoded.chunks.reduce((sum, chunk) => sum + chunk.rows, 0)).toBe(52)
    for (const chunk of encoded.chunks) {
      const text = new TextDecoder().decode(chunk.bytes)
      expect(text.split('\n')).toHaveLength(chunk.rows)
      if (chunk.rows > 1) expect(text.length).toBeLessThanOrEqual(chunkChars)
      // each chunk owns its buffer, so a worker can transfer it
      expect(chunk.bytes.byteOffset).toBe(0)
      expect(chunk.bytes.buffer.byteLength).toBe(chunk.bytes.byteLength)
    }
    expect(encoded.chunks.length).toBeGreaterThan(3)
  })

  it('has no chunk for no lines', () => {
    expect(chunkLines([])).toEqual({ rows: 0, chunks: [] })
  })
})

describe('encodeBatch', () => {
  it('writes one line per row, a raw newline (only possible as JSON whitespace) turned into a space', () => {
    const { spans, logs } = encodeBatch({ spans: [spanRow(0, { spanAttributes: '{"a":\n1}' }), spanRow(1)] })
    expect(logs).toEqual({ rows: 0, chunks: [] })
    const lines = linesOf(spans)
    expect(lines).toHaveLength(2)
    expect(JSON.parse(lines[0]!).a).toEqual({ a: 1 })
  })

  it('fills each line with its own scope, rows of several scopes interleaved', () => {
    const other = {
      serviceName: 'cart "eu"',
      resourceAttributes: '{"service.name":"cart \\"eu\\""}',
      scopeName: 'http',
      scopeVersion: '',
      scopeAttributes: '{"s":1}',
      resourceSchemaUrl: 'https://opentelemetry.io/schemas/1.27.0',
    }
    const rows = [spanRow(0), spanRow(1, other), spanRow(2), spanRow(3, { ...other, scopeVersion: '2' })]
    for (const text of ['well-formed', 'any'] as const) {
      const lines = linesOf(encodeBatch({ spans: rows }, text).spans).map((line) => JSON.parse(line))
      expect(lines.map((l) => [l.svc, l.ra, l.ru, l.sn, l.sv, l.sa])).toEqual(
        rows.map((r) => [
          r.serviceName,
          JSON.parse(r.resourceAttributes),
          r.resourceSchemaUrl,
          r.scopeName,
          r.scopeVersion,
          JSON.parse(r.scopeAttributes),
        ]),
      )
      expect(lines.map((l) => l.a.n)).toEqual([0, 1, 2, 3])
    }
  })

  it('leaves the lone-surrogate and newline clean-up out only for well-formed text', () => {
    const row = spanRow(0, { spanName: 'a\ud800', spanAttributes: '{"a":\n1}' })
    const [any] = linesOf(encodeBatch({ spans: [row] }, 'any').spans)
    expect(JSON.parse(any!).n).toBe('a\ufffd')
    const trusted = new TextDecoder().decode(
      encodeBatch({ spans: [row] }, 'well-formed').spans.chunks[0]!.bytes,
    )
    expect(trusted).toContain('\n')
  })
})
