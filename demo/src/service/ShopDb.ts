import { basename } from 'node:path'
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api'
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import type { FaultGate } from './FaultGate.js'

const tracer = trace.getTracer('@vigil/demo')

/** A row as plain JSON values (DuckDB's JSON conversion: big integers become strings). */
export type Row = Record<string, unknown>

/**
 * One service instance's own DuckDB file. Every query runs inside a CLIENT span that follows the OTel
 * database semantic conventions, so traces show where a request spent its time in the database.
 */
export class ShopDb {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly namespace: string,
    private readonly gate: FaultGate | undefined,
  ) {}

  /** Opens (or creates) the file; `schema` statements run untraced, once, at start. */
  static async open(file: string, schema: readonly string[], gate?: FaultGate): Promise<ShopDb> {
    const instance = await DuckDBInstance.create(file)
    const connection = await instance.connect()
    for (const statement of schema) await connection.run(statement)
    return new ShopDb(instance, connection, basename(file, '.duckdb'), gate)
  }

  /**
   * Runs one statement with bound parameters. `collection` names the main table for the span name
   * (`SELECT products`), as the conventions ask for a low-cardinality name.
   */
  async query(collection: string, sql: string, params: DuckDBValue[] = []): Promise<Row[]> {
    const operation = (/^\s*(\w+)/.exec(sql)?.[1] ?? 'QUERY').toUpperCase()
    return tracer.startActiveSpan(
      `${operation} ${collection}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': 'duckdb',
          'db.namespace': this.namespace,
          'db.operation.name': operation,
          'db.collection.name': collection,
          'db.query.text': sql,
        },
      },
      async (span) => {
        try {
          // An injected fault is a slow or failing database: inside the span, like the real thing.
          await this.gate?.check(`${operation} ${collection}`)
          const reader = await this.connection.runAndReadAll(sql, params)
          const rows = reader.getRowObjectsJson() as Row[]
          span.setAttribute('db.response.returned_rows', rows.length)
          return rows
        } catch (error) {
          span.recordException(error as Error)
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message })
          span.setAttribute('error.type', (error as Error).name)
          throw error
        } finally {
          span.end()
        }
      },
    )
  }

  /** Seeds untraced (at start only). */
  async seed(sql: string, params: DuckDBValue[] = []): Promise<void> {
    await this.connection.run(sql, params)
  }

  close(): void {
    this.connection.closeSync()
    this.instance.closeSync()
  }
}
