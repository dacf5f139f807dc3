import type { RumRow } from './RumRow.js'

/**
 * One staging line (JSON) of a RUM row; `w` numbers the write it belongs to so the commit can tell
 * each write how many of its rows were new. Shape and keys match `RumStaging.shape`.
 */
export const encodeRumRow = (row: RumRow, w: number, i: number): string =>
  JSON.stringify({
    w,
    i,
    id: row.eventId,
    ty: row.type,
    ts: row.timestamp,
    ct: row.clientTime,
    ra: row.receivedAt,
    app: row.app,
    rel: row.release,
    env: row.environment,
    ses: row.sessionId,
    vw: row.viewId,
    pg: row.page,
    pa: row.path,
    br: row.browser,
    bv: row.browserVersion,
    os: row.os,
    dt: row.deviceType,
    sr: row.sampleRate,
    tid: row.traceId,
    sid: row.spanId,
    jn: row.journey,
    ji: row.journeyId,
    st: row.step,
    sts: row.status,
    n: row.name,
    mi: row.metricId,
    v: row.value,
    rt: row.rating,
    du: row.duration,
    fp: row.fingerprint,
    msg: row.message,
    d: row.detail,
  })
