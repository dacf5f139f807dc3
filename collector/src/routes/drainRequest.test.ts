import { once } from 'node:events'
import {
  type ClientRequest,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { drainRequest } from './drainRequest.js'

/** The status code `client` gets. */
const statusOf = (client: ClientRequest) =>
  new Promise<number>((resolve) => client.on('response', (r) => resolve(r.statusCode ?? 0)))

describe('drainRequest', () => {
  let server: Server | undefined
  afterEach(() => server?.close())

  /** A server that drains each request within the bounds, notes the bytes drained, then answers 413. */
  const start = async (bytes: number, milliseconds: number) => {
    const drained: number[] = []
    server = createServer(async (request: IncomingMessage, response) => {
      drained.push(await drainRequest(request, { bytes, milliseconds }))
      response.writeHead(413, { connection: 'close' }).end('too large')
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    return { port: (server.address() as AddressInfo).port, drained }
  }

  it('reads the rest of a refused body, so the client gets the answer instead of a broken pipe', async () => {
    const { port, drained } = await start(64 * 1024 * 1024, 10_000)
    const body = Buffer.alloc(12 * 1024 * 1024, 0x78)
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body })
      expect(response.status).toBe(413)
      expect(await response.text()).toBe('too large')
    }
    expect(drained).toEqual(Array(5).fill(body.length))
  })

  it('stops after its byte bound when a client sends without end', async () => {
    const { port, drained } = await start(256 * 1024, 10_000)
    const client = httpRequest({ port, method: 'POST', headers: { 'transfer-encoding': 'chunked' } })
    client.on('error', () => undefined)
    const answered = statusOf(client)
    const chunk = Buffer.alloc(64 * 1024, 0x79)
    const pump = setInterval(() => client.write(chunk), 1)
    try {
      expect(await answered).toBe(413)
    } finally {
      clearInterval(pump)
      client.destroy()
    }
    expect(drained[0]).toBeGreaterThan(256 * 1024)
    expect(drained[0]).toBeLessThan(64 * 1024 * 1024)
  })

  it('stops after its time bound when a client stalls', async () => {
    const { port } = await start(64 * 1024 * 1024, 200)
    const client = httpRequest({ port, method: 'POST', headers: { 'content-length': '1000000' } })
    client.on('error', () => undefined)
    const answered = statusOf(client)
    client.write(Buffer.alloc(1000, 0x7a))
    expect(await answered).toBe(413)
    client.destroy()
  })
})
