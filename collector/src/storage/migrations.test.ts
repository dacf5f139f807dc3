import { DuckDBInstance } from '@duckdb/node-api'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Migration, migrate, migrations } from './migrations.js'
import { openStorage } from './openStorage.js'
import { tempDir } from './testing/tempDir.js'

describe('migrate', () => {
  let instance: DuckDBInstance
  let remove: () => Promise<void>

  beforeEach(async () => {
    const temp = await tempDir()
    remove = temp.remove
    instance = await DuckDBInstance.create(`${temp.dir}/m.duckdb`)
  })

  afterEach(async () => {
    instance.closeSync()
    await remove()
  })

  const versions = async () => {
    const connection = await instance.connect()
    const reader = await connection.runAndReadAll(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    )
    connection.closeSync()
    return reader.getRowsJson()
  }

  it('applies every migration once, in order, and records it', async () => {
    const connection = await instance.connect()
    expect(await migrate(connection)).toEqual(migrations.map((m) => m.version))
    expect(await migrate(connection)).toEqual([])
    expect(await versions()).toEqual(migrations.map((m) => [m.version, m.name]))
    const tables = await connection.runAndReadAll(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name",
    )
    expect(tables.getRowsJson().flat()).toEqual([
      'otel_inbox',
      'otel_inbox_log',
      'otel_inbox_rejected',
      'otel_logs',
      'otel_metrics',
      'otel_traces',
      'rum_events',
      'schema_migrations',
      'slo_minute_slices',
      'slo_minutes',
    ])
    const macro = await connection.runAndReadAll(
      `SELECT attr('{"s":"x","n":12345678901234567890,"b":true}'::JSON::MAP(VARCHAR, JSON), k) FROM (VALUES ('s'), ('n'), ('b'), ('none')) t(k)`,
    )
    expect(macro.getRowsJson().flat()).toEqual(['x', '12345678901234567890', 'true', null])
    connection.closeSync()
  })

  it('rolls a failing migration back entirely and records nothing for it', async () => {
    const connection = await instance.connect()
    const list: Migration[] = [
      { version: 1, name: 'good', statements: ['CREATE TABLE a (x INTEGER)'] },
      { version: 2, name: 'bad', statements: ['CREATE TABLE b (x INTEGER)', 'CREATE TABLE a (x INTEGER)'] },
    ]
    await expect(migrate(connection, list)).rejects.toThrow(/migration 2 \(bad\) failed/)
    expect(await versions()).toEqual([[1, 'good']])
    const b = await connection.runAndReadAll(
      "SELECT count(*)::INTEGER FROM information_schema.tables WHERE table_name = 'b'",
    )
    expect(b.getRowsJson()).toEqual([[0]])
    connection.closeSync()
  })
})

describe('openStorage migrations', () => {
  it('migrates a new directory and leaves an existing database at its version', async () => {
    const { dir, remove } = await tempDir()
    try {
      await (await openStorage({ dataDir: `${dir}/nested/data` })).close()
      await (await openStorage({ dataDir: `${dir}/nested/data` })).close()
      const instance = await DuckDBInstance.create(`${dir}/nested/data/vigil.duckdb`)
      const connection = await instance.connect()
      const reader = await connection.runAndReadAll('SELECT version FROM schema_migrations ORDER BY version')
      expect(reader.getRowsJson().flat()).toEqual(migrations.map((m) => m.version))
      connection.closeSync()
      instance.closeSync()
    } finally {
      await remove()
    }
  })
})
