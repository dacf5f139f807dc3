import type { IncomingMessage } from 'node:http'

/** How much of a refused body the server still reads, at most, so the client can read its answer. */
export interface DrainBounds {
  bytes: number
  milliseconds: number
}

/**
 * Reads and discards what is left of a request body the server refuses (413), up to `bounds`. Without
 * this, Node answers and then closes the connection while the client is still sending; the client's
 * next write fails (EPIPE, a reset) and it never sees the 413 — OTLP exporters would report a network
 * error and retry the same oversized body. Past either bound the answer goes out anyway (and the
 * connection is closed), so a client streaming without end cannot hold the server. Answers the bytes read.
 */
export const drainRequest = (request: IncomingMessage, bounds: DrainBounds): Promise<number> =>
  new Promise((resolve) => {
    if (request.complete || request.destroyed) {
      resolve(0)
      return
    }
    let read = 0
    const done = () => {
      clearTimeout(timer)
      request.removeListener('data', onData)
      request.removeListener('end', done)
      request.removeListener('error', done)
      request.removeListener('close', done)
      resolve(read)
    }
    const onData = (chunk: Buffer) => {
      read += chunk.length
      if (read > bounds.bytes) done()
    }
    const timer = setTimeout(done, bounds.milliseconds)
    request.on('data', onData)
    request.on('end', done)
    request.on('error', done)
    request.on('close', done)
    request.resume()
  })

/** The bounds for a body refused for its size: as much again as the limit, for at most five seconds. */
export const refusedBodyDrain = (bodyLimit: number): DrainBounds => ({
  bytes: bodyLimit,
  milliseconds: 5000,
})
