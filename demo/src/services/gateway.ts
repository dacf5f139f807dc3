import type { FastifyReply } from 'fastify'
import { bundleWeb } from '../service/bundleWeb.js'
import { pageShell } from '../service/pageShell.js'
import { runService } from '../service/runService.js'
import { readShopConfig } from '../service/shopConfig.js'
import { shopJourneys } from '../service/shopJourneys.js'
import { type UpstreamReply, Upstreams } from '../service/Upstreams.js'

/** Routes of the single-page shop; each answers with the same document. */
const pageRoutes = [
  '/',
  '/login',
  '/account',
  '/search',
  '/product/:id',
  '/cart',
  '/checkout',
  '/payment',
  '/confirmation/:order',
]

const relayed = ['/rum/v1/events', '/v1/traces']

const pass = (reply: FastifyReply, answer: UpstreamReply) => reply.code(answer.status).send(answer.body)

await runService(async (app, env, gate) => {
  const bundle = await bundleWeb()
  const { apps } = env.config ? readShopConfig(env.config) : { apps: [] }
  const webApp = apps[0] ?? { name: 'shop' }
  const html = pageShell({
    app: webApp.name,
    key: webApp.key ?? '',
    // Same origin: the gateway relays browser telemetry, as a reverse proxy would (docs/sdk-browser.md).
    endpoint: '/vigil',
    release: '1.0.0',
    environment: 'demo',
    journeys: [...shopJourneys],
  })
  const upstreams = new Upstreams(env.upstreams)
  const cartOf = (header: string | string[] | undefined) =>
    encodeURIComponent((typeof header === 'string' && header) || 'anonymous')

  for (const route of pageRoutes)
    app.get(route, async (_request, reply) => reply.type('text/html').send(html))

  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const code = bundle.get(request.params.file)
    if (code === undefined) return reply.code(404).send({ error: 'no such asset' })
    return reply.type('text/javascript').header('cache-control', 'no-cache').send(code)
  })

  // The gateway has no database: its injected faults strike where its API handlers start.
  app.post<{ Body: { user?: string; password?: string } }>('/api/login', async (request, reply) => {
    await gate.check('login')
    const { user = '', password = '' } = request.body ?? {}
    if (!user || password.length < 4) return reply.code(401).send({ error: 'wrong user name or password' })
    return { user, token: Buffer.from(`${user}:${Date.now()}`).toString('base64url') }
  })

  app.get<{ Querystring: { q?: string } }>('/api/products', async (request, reply) => {
    await gate.check('search')
    return pass(
      reply,
      await upstreams.call('catalog', `/products?q=${encodeURIComponent(request.query.q ?? '')}`),
    )
  })

  app.get<{ Params: { id: string } }>('/api/products/:id', async (request, reply) => {
    await gate.check('product')
    return pass(reply, await upstreams.call('catalog', `/products/${encodeURIComponent(request.params.id)}`))
  })

  app.get('/api/cart', async (request, reply) => {
    await gate.check('cart')
    return pass(reply, await upstreams.call('cart', `/carts/${cartOf(request.headers['x-shop-cart'])}`))
  })

  app.post('/api/cart', async (request, reply) => {
    await gate.check('add to cart')
    const path = `/carts/${cartOf(request.headers['x-shop-cart'])}/items`
    return pass(reply, await upstreams.call('cart', path, { method: 'POST', body: request.body }))
  })

  app.post<{ Body: { card?: string } }>('/api/pay', async (request, reply) => {
    await gate.check('pay')
    const cartId = cartOf(request.headers['x-shop-cart'])
    const cart = await upstreams.call('cart', `/carts/${cartId}`)
    if (cart.status !== 200) return pass(reply, cart)
    const { items } = cart.body as { items: unknown[] }
    const paid = await upstreams.call('payment', '/pay', {
      method: 'POST',
      body: { cartId, card: request.body?.card ?? '', items },
    })
    if (paid.status === 200) await upstreams.call('cart', `/carts/${cartId}`, { method: 'DELETE' })
    return pass(reply, paid)
  })

  await app.register(async (relay) => {
    relay.removeAllContentTypeParsers()
    relay.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
    for (const path of relayed) {
      relay.post(`/vigil${path}`, async (request, reply) => {
        const headers: Record<string, string> = {
          'content-type': String(request.headers['content-type'] ?? 'application/json'),
        }
        const key = request.headers['x-vigil-key']
        if (typeof key === 'string') headers['x-vigil-key'] = key
        try {
          const response = await fetch(`${env.collector}${path}`, {
            method: 'POST',
            headers,
            body: request.body as Buffer,
            signal: AbortSignal.timeout(10_000),
          })
          const retryAfter = response.headers.get('retry-after')
          if (retryAfter) void reply.header('retry-after', retryAfter)
          return reply
            .code(response.status)
            .type(response.headers.get('content-type') ?? 'application/json')
            .send(Buffer.from(await response.arrayBuffer()))
        } catch {
          return reply.code(503).header('retry-after', '5').send({ error: 'collector unreachable' })
        }
      })
    }
  })

  return undefined
})
