import { DuckDBInstance } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { sqlNumber, sqlString } from './sqlLiteral.js'

describe('sqlString / sqlNumber', () => {
  it('round-trips hostile text and numbers through DuckDB unchanged', async () => {
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    const texts = ["it's", "'; DROP TABLE x; --", 'back\\slash', '"quoted"', 'ünïcødé ✓', '$1', '']
    for (const text of texts) {
      const reader = await connection.runAndReadAll(`SELECT ${sqlString(text)} AS v`)
      expect(reader.getRowObjectsJS()[0]?.v).toBe(text)
    }
    for (const n of [0, 1.5, -2, 1e-9, 123456789.125, 2500]) {
      const reader = await connection.runAndReadAll(`SELECT ${sqlNumber(n)} AS v`)
      expect(reader.getRowObjectsJS()[0]?.v).toBe(n)
    }
    connection.closeSync()
    instance.closeSync()
  })

  it('refuses NUL characters and non-finite numbers', () => {
    expect(() => sqlString('a\u0000b')).toThrow(RangeError)
    expect(() => sqlNumber(Number.NaN)).toThrow(RangeError)
    expect(() => sqlNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError)
  })
})
