import { join } from 'node:path'
import { runService } from '../service/runService.js'
import { ShopDb } from '../service/ShopDb.js'

await runService(async (app, env, gate) => {
  const db = await ShopDb.open(
    join(env.dataDir, `cart-${env.host}.duckdb`),
    [
      'CREATE TABLE IF NOT EXISTS cart_items (cart_id VARCHAR, product_id VARCHAR, quantity INTEGER, price_cents INTEGER, added_at TIMESTAMP DEFAULT now())',
    ],
    gate,
  )

  app.get<{ Params: { cart: string } }>('/carts/:cart', async (request) => {
    const items = await db.query(
      'cart_items',
      'SELECT product_id AS "productId", sum(quantity)::INTEGER AS quantity, max(price_cents) AS "priceCents" FROM cart_items WHERE cart_id = $1 GROUP BY product_id ORDER BY product_id',
      [request.params.cart],
    )
    return { items }
  })

  app.post<{
    Params: { cart: string }
    Body: { productId?: string; quantity?: number; priceCents?: number }
  }>('/carts/:cart/items', async (request, reply) => {
    const { productId, quantity = 1, priceCents = 0 } = request.body ?? {}
    if (!productId) return reply.code(400).send({ error: 'productId is required' })
    await db.query(
      'cart_items',
      'INSERT INTO cart_items (cart_id, product_id, quantity, price_cents) VALUES ($1, $2, $3, $4)',
      [request.params.cart, productId, quantity, priceCents],
    )
    return reply.code(201).send({ added: productId })
  })

  app.delete<{ Params: { cart: string } }>('/carts/:cart', async (request) => {
    await db.query('cart_items', 'DELETE FROM cart_items WHERE cart_id = $1', [request.params.cart])
    return { emptied: true }
  })

  return () => db.close()
})
