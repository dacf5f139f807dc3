import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'

/** One request the page sent to the collector through the server, and how it was answered. */
export interface ForwardedRequest {
  path: string
  status: number
  body: string
}

/** The fixture site server: static files, plus `/vigil/*` forwarded to the collector. */
export interface BrowserServer {
  url: string
  /** Every `/vigil/*` request so far, in arrival order. */
  forwarded: ForwardedRequest[]
  /** Answers the next `count` collector requests with `status` (and `Retry-After: 1`) instead of forwarding them. */
  failNext(count: number, status: number): void
  /** Resolves once a forwarded request satisfies `match`, or rejects after `timeoutMs`. */
  waitFor(match: (request: ForwardedRequest) => boolean, timeoutMs?: number): Promise<ForwardedRequest>
  close(): Promise<void>
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
}

const readBody = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/**
 * Serves `root` on 127.0.0.1 and forwards `/vigil/<path>` to `collectorUrl/<path>`, so the page
 * talks to the collector on its own origin, as the SDK guide recommends. Without `collectorUrl`,
 * collector requests are answered 200 with an empty body (for benchmarks that need no storage).
 */
export const startBrowserServer = async (root: string, collectorUrl?: string): Promise<BrowserServer> => {
  const forwarded: ForwardedRequest[] = []
  const waiters = new Set<() => void>()
  let failures: { count: number; status: number } = { count: 0, status: 200 }

  const record = (entry: ForwardedRequest) => {
    forwarded.push(entry)
    for (const wake of waiters) wake()
  }

  const forward = async (request: IncomingMessage, response: ServerResponse, path: string) => {
    const body = await readBody(request)
    if (failures.count > 0) {
      failures.count--
      response.writeHead(failures.status, { 'retry-after': '1', 'content-type': 'application/json' })
      response.end('{}')
      record({ path, status: failures.status, body: body.toString() })
      return
    }
    if (!collectorUrl) {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      record({ path, status: 200, body: body.toString() })
      return
    }
    const headers: Record<string, string> = {}
    for (const name of ['content-type', 'content-encoding', 'x-vigil-key', 'user-agent']) {
      const value = request.headers[name]
      if (typeof value === 'string') headers[name] = value
    }
    const answer = await fetch(`${collectorUrl}${path}`, {
      method: request.method,
      headers,
      ...(request.method === 'POST' ? { body } : {}),
    })
    const answerBody = Buffer.from(await answer.arrayBuffer())
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' })
    response.end(answerBody)
    record({ path, status: answer.status, body: body.toString() })
  }

  const serveFile = async (response: ServerResponse, pathname: string) => {
    const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname))
    if (!file.startsWith(root)) {
      response.writeHead(403).end()
      return
    }
    try {
      const content = await readFile(file)
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
      response.end(content)
    } catch {
      response.writeHead(404).end()
    }
  }

  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost')
    const handle = pathname.startsWith('/vigil/')
      ? forward(request, response, pathname.slice('/vigil'.length))
      : request.method === 'GET'
        ? // SPA routes of the fixture are served the same page, like an app's history fallback
          serveFile(response, extname(pathname) ? pathname : '/index.html')
        : Promise.resolve(void response.writeHead(405).end())
    handle.catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502)
      response.end(String(error))
    })
  })
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    failNext: (count, status) => {
      failures = { count, status }
    },
    waitFor: (match, timeoutMs = 15_000) =>
      new Promise((resolveWait, reject) => {
        const check = () => {
          const found = forwarded.find(match)
          if (!found) return
          waiters.delete(check)
          clearTimeout(timer)
          resolveWait(found)
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`no matching collector request within ${timeoutMs} ms`))
        }, timeoutMs)
        waiters.add(check)
        check()
      }),
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections()
        server.close(() => resolveClose())
      }),
  }
}
