import { join } from 'node:path'
import { products } from '../service/products.js'
import { runService } from '../service/runService.js'
import { ShopDb } from '../service/ShopDb.js'
import { Upstreams } from '../service/Upstreams.js'

await runService(async (app, env, gate) => {
  const db = await ShopDb.open(
    join(env.dataDir, `catalog-${env.host}.duckdb`),
    [
      'CREATE TABLE IF NOT EXISTS products (id VARCHAR PRIMARY KEY, name VARCHAR, category VARCHAR, price_cents INTEGER)',
    ],
    gate,
  )
  for (const [id, name, category, price] of products) {
    await db.seed('INSERT OR IGNORE INTO products VALUES ($1, $2, $3, $4)', [id, name, category, price])
  }
  const upstreams = new Upstreams(env.upstreams)

  app.get<{ Querystring: { q?: string } }>('/products', async (request) => {
    const q = (request.query.q ?? '').trim()
    const rows = q
      ? await db.query(
          'products',
          'SELECT id, name, category, price_cents FROM products WHERE name ILIKE $1 OR category ILIKE $1 ORDER BY name LIMIT 20',
          [`%${q}%`],
        )
      : await db.query('products', 'SELECT id, name, category, price_cents FROM products ORDER BY id LIMIT 8')
    return { products: rows, host: env.host }
  })

  app.get<{ Params: { id: string } }>('/products/:id', async (request, reply) => {
    const [product] = await db.query(
      'products',
      'SELECT id, name, category, price_cents FROM products WHERE id = $1',
      [request.params.id],
    )
    if (!product) return reply.code(404).send({ error: 'no such product' })
    const stock = await upstreams.call('inventory', `/stock/${encodeURIComponent(request.params.id)}`)
    return { product, stock: stock.status === 200 ? stock.body : null, host: env.host }
  })

  return () => db.close()
})
