import { join } from 'node:path'
import { products } from '../service/products.js'
import { runService } from '../service/runService.js'
import { ShopDb } from '../service/ShopDb.js'

interface ReserveBody {
  items: { productId: string; quantity: number }[]
}

await runService(async (app, env, gate) => {
  const db = await ShopDb.open(
    join(env.dataDir, `inventory-${env.host}.duckdb`),
    ['CREATE TABLE IF NOT EXISTS stock (product_id VARCHAR PRIMARY KEY, quantity INTEGER)'],
    gate,
  )
  for (const [id] of products) await db.seed('INSERT OR IGNORE INTO stock VALUES ($1, 500)', [id])

  app.get<{ Params: { id: string } }>('/stock/:id', async (request) => {
    const [row] = await db.query('stock', 'SELECT quantity FROM stock WHERE product_id = $1', [
      request.params.id,
    ])
    return { productId: request.params.id, quantity: Number(row?.quantity ?? 0) }
  })

  app.post<{ Body: ReserveBody }>('/reserve', async (request, reply) => {
    const items = request.body?.items ?? []
    if (items.length === 0) return reply.code(400).send({ error: 'nothing to reserve' })
    for (const { productId, quantity } of items) {
      // The demo never runs out: stock refills instead of going below zero, so traffic can run for days.
      await db.query(
        'stock',
        'UPDATE stock SET quantity = CASE WHEN quantity >= $2 THEN quantity - $2 ELSE 500 END WHERE product_id = $1',
        [productId, quantity],
      )
    }
    return { reserved: items.length }
  })

  return () => db.close()
})
