import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import { decodeTraces } from '@vigil/collector'
import { realisticSpanBatches } from '/work/main/test/dist/bench/realisticSpans.js'
import { encodeSpan } from '/work/main/collector/dist/storage/encodeSpan.js'
import { migrate } from '/work/main/collector/dist/storage/migrations.js'
import { spanStaging } from '/work/main/collector/dist/storage/stagingTables.js'
import { DuckDBInstance, DuckDBDataChunk, VARCHAR, BLOB } from '@duckdb/node-api'
import { mkdtempSync, writeFileSync } from 'node:fs'
const batches = await realisticSpanBatches(20, 512)
const bodies = batches.map((s) => ProtobufTraceSerializer.serializeRequest(s))
let rows = []
for (let k=0;k<3;k++) for (const b of bodies) rows.push(...decodeTraces(b, 'protobuf').rows)
let t = performance.now(); let n=0
for (const b of bodies) n+=decodeTraces(b, 'protobuf').rows.length
console.log('decode warm us/span', ((performance.now()-t)*1000/n).toFixed(2))
const lines = rows.map(encodeSpan)
const dir = mkdtempSync('/tmp/pb/db-')
const inst = await DuckDBInstance.create(dir + '/x.duckdb', { checkpoint_threshold: '64MB', ...(process.env.S ? JSON.parse(process.env.S) : {}) })
const c = await inst.connect()
await migrate(c)
const m = /SELECT from_json\(j, '(.*)'\) AS s FROM staging_spans/s.exec(spanStaging.insertSql)
const shape = m[1]
const sel = spanStaging.insertSql.slice(0, spanStaging.insertSql.indexOf('FROM (SELECT'))
const V = process.env.V ?? 'file'
const G = Number(process.env.G ?? 10000)
const ph = { prep: 0, insert: 0, commit: 0 }
const all = performance.now()
let fileNo = 0
for (let from = 0; from < lines.length; from += G) {
  const part = lines.slice(from, from + G)
  await c.run('BEGIN')
  let a = performance.now()
  let sql
  if (V === 'file') {
    const f = `/dev/shm/vg-${fileNo++ % 2}.ndjson`
    writeFileSync(f, part.join('\n'))
    const cols = Object.fromEntries(Object.entries(JSON.parse(shape)).map(([k,v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))
    // columns param expects type strings
    sql = `${sel} FROM (SELECT from_json(json, '${shape}') AS s FROM read_json_objects('${f}', format='newline_delimited'))`
    if (process.env.RJ) sql = `${sel} FROM (SELECT from_json(json, '${shape}') AS s FROM read_ndjson_objects('${f}'))`
  } else if (V === 'split') {
    const text = part.join('\n')
    await c.run(`SET VARIABLE batch = ?`, [text])
    sql = `${sel} FROM (SELECT from_json(unnest(string_split(getvariable('batch'), chr(10))), '${shape}') AS s)`
  } else if (V === 'param') {
    await c.run(`SET VARIABLE batch = ?`, ['[' + part.join(',') + ']'])
    sql = `${sel} FROM (SELECT unnest(from_json(getvariable('batch'), '[${shape}]')) AS s)`
  }
  let b = performance.now(); ph.prep += b - a
  await c.run(sql)
  let d = performance.now(); ph.insert += d - b
  await c.run('COMMIT')
  ph.commit += performance.now() - d
}
const tot = performance.now() - all
for (const k in ph) ph[k] = (ph[k]*1000/lines.length).toFixed(2)
console.log(V, 'us/row', ph, 'total rows/s', Math.round(lines.length/(tot/1000)))
const r = await c.runAndReadAll('select count(*), sum(cardinality(SpanAttributes)) from otel_traces'); console.log(r.getRows())
