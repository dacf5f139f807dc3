/**
 * How rows reach a table: their JSON lines (one per row) are read through a table macro, `source()`,
 * and one `INSERT … SELECT from_json(…)` per move turns them into typed columns, maps and lists inside
 * DuckDB. By default the macro reads a TEMP staging table the writer appends lines to (TEMP rows are never
 * written to the WAL); a promotion of the file inbox points it at the inbox file itself, so those lines
 * never pass through JavaScript or a table. Appending typed MAP/STRUCT values from JavaScript is several
 * times slower.
 */
export interface StagingTable {
  /** Destination table. */
  target: string
  /** TEMP table with a single `j VARCHAR` column. */
  staging: string
  /** Table macro (called as `source()`) answering the lines to move, one `j VARCHAR` per row. */
  source: string
  /** Moves every line `source()` answers into `target`. */
  insertSql: string
}

const attrMap = 'MAP(VARCHAR, JSON)'

const define = (
  target: string,
  staging: string,
  source: string,
  shape: Record<string, unknown>,
  columns: readonly (readonly [column: string, expression: string])[],
): StagingTable => ({
  target,
  staging,
  source,
  insertSql: `INSERT INTO ${target} (${columns.map(([column]) => column).join(', ')})
    SELECT ${columns.map(([, expression]) => expression).join(', ')}
    FROM (SELECT from_json(j, '${JSON.stringify(shape)}') AS s FROM ${source}())`,
})

export const spanStaging: StagingTable = define(
  'otel_traces',
  'staging_spans',
  'staged_spans',
  {
    ts: 'BIGINT',
    tid: 'VARCHAR',
    sid: 'VARCHAR',
    pid: 'VARCHAR',
    tst: 'VARCHAR',
    fl: 'UINTEGER',
    n: 'VARCHAR',
    k: 'VARCHAR',
    svc: 'VARCHAR',
    ra: attrMap,
    ru: 'VARCHAR',
    sn: 'VARCHAR',
    sv: 'VARCHAR',
    sa: attrMap,
    a: attrMap,
    du: 'BIGINT',
    sc: 'VARCHAR',
    sm: 'VARCHAR',
    ev: [{ t: 'BIGINT', n: 'VARCHAR', a: attrMap, d: 'UINTEGER' }],
    lk: [{ t: 'VARCHAR', s: 'VARCHAR', ts: 'VARCHAR', a: attrMap, d: 'UINTEGER', f: 'UINTEGER' }],
    da: 'UINTEGER',
    de: 'UINTEGER',
    dl: 'UINTEGER',
  },
  [
    ['Timestamp', 'make_timestamp_ns(s.ts)'],
    ['TraceId', 's.tid'],
    ['SpanId', 's.sid'],
    ['ParentSpanId', 's.pid'],
    ['TraceState', 's.tst'],
    ['TraceFlags', 's.fl'],
    ['SpanName', 's.n'],
    ['SpanKind', 's.k'],
    ['ServiceName', 's.svc'],
    ['ResourceAttributes', 's.ra'],
    ['ResourceSchemaUrl', 's.ru'],
    ['ScopeName', 's.sn'],
    ['ScopeVersion', 's.sv'],
    ['ScopeAttributes', 's.sa'],
    ['SpanAttributes', 's.a'],
    ['Duration', 's.du'],
    ['StatusCode', 's.sc'],
    ['StatusMessage', 's.sm'],
    [
      'Events',
      `list_transform(s.ev, e -> {'Timestamp': make_timestamp_ns(e.t), 'Name': e.n, 'Attributes': e.a, 'DroppedAttributesCount': e.d})`,
    ],
    [
      'Links',
      `list_transform(s.lk, l -> {'TraceId': l.t, 'SpanId': l.s, 'TraceState': l.ts, 'Attributes': l.a, 'DroppedAttributesCount': l.d, 'Flags': l.f})`,
    ],
    ['DroppedAttributesCount', 's.da'],
    ['DroppedEventsCount', 's.de'],
    ['DroppedLinksCount', 's.dl'],
  ],
)

export const logStaging: StagingTable = define(
  'otel_logs',
  'staging_logs',
  'staged_logs',
  {
    ts: 'BIGINT',
    ots: 'BIGINT',
    tid: 'VARCHAR',
    sid: 'VARCHAR',
    fl: 'UINTEGER',
    st: 'VARCHAR',
    sn: 'INTEGER',
    svc: 'VARCHAR',
    b: 'JSON',
    en: 'VARCHAR',
    ra: attrMap,
    ru: 'VARCHAR',
    scn: 'VARCHAR',
    scv: 'VARCHAR',
    sca: attrMap,
    a: attrMap,
    da: 'UINTEGER',
  },
  [
    ['Timestamp', 'make_timestamp_ns(s.ts)'],
    ['ObservedTimestamp', 'make_timestamp_ns(s.ots)'],
    ['TraceId', 's.tid'],
    ['SpanId', 's.sid'],
    ['TraceFlags', 's.fl'],
    ['SeverityText', 's.st'],
    ['SeverityNumber', 's.sn'],
    ['ServiceName', 's.svc'],
    ['Body', 's.b'],
    ['EventName', 's.en'],
    ['ResourceAttributes', 's.ra'],
    ['ResourceSchemaUrl', 's.ru'],
    ['ScopeName', 's.scn'],
    ['ScopeVersion', 's.scv'],
    ['ScopeAttributes', 's.sca'],
    ['LogAttributes', 's.a'],
    ['DroppedAttributesCount', 's.da'],
  ],
)

export const metricStaging: StagingTable = define(
  'otel_metrics',
  'staging_metrics',
  'staged_metrics',
  {
    ty: 'VARCHAR',
    ts: 'BIGINT',
    st: 'BIGINT',
    svc: 'VARCHAR',
    mn: 'VARCHAR',
    md: 'VARCHAR',
    mu: 'VARCHAR',
    ra: attrMap,
    ru: 'VARCHAR',
    scn: 'VARCHAR',
    scv: 'VARCHAR',
    sca: attrMap,
    a: attrMap,
    fl: 'UINTEGER',
    v: 'DOUBLE',
    at: 'INTEGER',
    mo: 'BOOLEAN',
    c: 'UBIGINT',
    s: 'DOUBLE',
    mi: 'DOUBLE',
    ma: 'DOUBLE',
    bc: ['UBIGINT'],
    eb: ['DOUBLE'],
    sc: 'INTEGER',
    zc: 'UBIGINT',
    zt: 'DOUBLE',
    po: 'INTEGER',
    pb: ['UBIGINT'],
    no: 'INTEGER',
    nb: ['UBIGINT'],
    q: ['DOUBLE'],
    qv: ['DOUBLE'],
    ex: 'JSON',
  },
  [
    ['MetricType', 's.ty'],
    ['Timestamp', 'make_timestamp_ns(s.ts)'],
    ['StartTimestamp', 'make_timestamp_ns(s.st)'],
    ['ServiceName', 's.svc'],
    ['MetricName', 's.mn'],
    ['MetricDescription', 's.md'],
    ['MetricUnit', 's.mu'],
    ['ResourceAttributes', 's.ra'],
    ['ResourceSchemaUrl', 's.ru'],
    ['ScopeName', 's.scn'],
    ['ScopeVersion', 's.scv'],
    ['ScopeAttributes', 's.sca'],
    ['Attributes', 's.a'],
    ['Flags', 's.fl'],
    ['Value', 's.v'],
    ['AggregationTemporality', 's.at'],
    ['IsMonotonic', 's.mo'],
    ['Count', 's.c'],
    ['Sum', 's.s'],
    ['Min', 's.mi'],
    ['Max', 's.ma'],
    ['BucketCounts', 's.bc'],
    ['ExplicitBounds', 's.eb'],
    ['Scale', 's.sc'],
    ['ZeroCount', 's.zc'],
    ['ZeroThreshold', 's.zt'],
    ['PositiveOffset', 's.po'],
    ['PositiveBucketCounts', 's.pb'],
    ['NegativeOffset', 's.no'],
    ['NegativeBucketCounts', 's.nb'],
    ['Quantiles', 's.q'],
    ['QuantileValues', 's.qv'],
    ['Exemplars', 's.ex'],
  ],
)

/** Every staging table, in the order a commit fills them. */
export const stagingTables: readonly StagingTable[] = [spanStaging, logStaging, metricStaging]
