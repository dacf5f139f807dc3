import { Agent, request } from 'node:http'

export interface LoadResult {
  requests: number
  acceptedItems: number
  refused: number
  seconds: number
  itemsPerSecond: number
  latencyMs: { p50: number; p99: number; max: number }
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

/**
 * Posts pre-encoded bodies to `url` from `concurrency` keep-alive connections for `seconds`, cycling through the
 * bodies; a 503 counts as refused and the client waits its Retry-After like an OTLP exporter would.
 */
export const runLoad = async (options: {
  url: string
  bodies: { body: Uint8Array; items: number }[]
  contentType: string
  concurrency: number
  seconds: number
}): Promise<LoadResult> => {
  const target = new URL(options.url)
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency })
  const latencies: number[] = []
  let acceptedItems = 0
  let refused = 0
  let next = 0
  const started = performance.now()
  const deadline = started + options.seconds * 1000

  const post = (body: Uint8Array) =>
    new Promise<{ status: number; retryAfter: number }>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': options.contentType, 'content-length': body.length },
        },
        (res) => {
          res.resume()
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, retryAfter: Number(res.headers['retry-after'] ?? 1) }),
          )
        },
      )
      req.on('error', reject)
      req.end(body)
    })

  const worker = async () => {
    while (performance.now() < deadline) {
      const item = options.bodies[next++ % options.bodies.length]!
      const sent = performance.now()
      const { status, retryAfter } = await post(item.body)
      latencies.push(performance.now() - sent)
      if (status === 200) acceptedItems += item.items
      else if (status === 503 || status === 429) {
        refused++
        await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000))
      } else throw new Error(`unexpected status ${status}`)
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  return {
    requests: latencies.length,
    acceptedItems,
    refused,
    seconds,
    itemsPerSecond: acceptedItems / seconds,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0 },
  }
}
