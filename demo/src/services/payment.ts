import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { runService } from '../service/runService.js'
import { ShopDb } from '../service/ShopDb.js'
import { Upstreams } from '../service/Upstreams.js'

interface PayBody {
  cartId?: string
  card?: string
  items?: { productId: string; quantity: number; priceCents: number }[]
}

// The test card that is always declined, as payment providers offer.
const declinedCard = '4000000000000002'

await runService(async (app, env, gate) => {
  const db = await ShopDb.open(
    join(env.dataDir, `payment-${env.host}.duckdb`),
    [
      'CREATE TABLE IF NOT EXISTS orders (id VARCHAR PRIMARY KEY, cart_id VARCHAR, total_cents INTEGER, status VARCHAR, created_at TIMESTAMP DEFAULT now())',
    ],
    gate,
  )
  const upstreams = new Upstreams(env.upstreams)

  app.post<{ Body: PayBody }>('/pay', async (request, reply) => {
    const { cartId = 'anonymous', card = '', items = [] } = request.body ?? {}
    if (items.length === 0) return reply.code(400).send({ error: 'the cart is empty' })
    const total = items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0)
    const id = randomUUID()
    if (card.replace(/\D/g, '') === declinedCard) {
      await db.query(
        'orders',
        'INSERT INTO orders (id, cart_id, total_cents, status) VALUES ($1, $2, $3, $4)',
        [id, cartId, total, 'declined'],
      )
      return reply.code(402).send({ error: 'card declined' })
    }
    const reserved = await upstreams.call('inventory', '/reserve', { method: 'POST', body: { items } })
    if (reserved.status !== 200) return reply.code(502).send({ error: 'inventory failed' })
    await db.query(
      'orders',
      'INSERT INTO orders (id, cart_id, total_cents, status) VALUES ($1, $2, $3, $4)',
      [id, cartId, total, 'paid'],
    )
    return { orderId: id, totalCents: total }
  })

  return () => db.close()
})
