// The shop's page code: a small single-page app rendered with DOM calls only (no innerHTML: product
// data is data, never markup). Bundled by the gateway with esbuild; tracing is a lazy chunk.
import { getContext, init, type JourneyHandle, journey } from '@vigil/sdk-browser'

interface Settings {
  app: string
  key: string
  endpoint: string
  release: string
  environment: string
  journeys: { name: string; steps: { name: string; route: string }[] }[]
}

interface Product {
  id: string
  name: string
  category: string
  price_cents: number
}

const settings = JSON.parse(document.getElementById('shop-settings')?.textContent ?? '{}') as Settings

// Checkout is driven from code (below) so that a declined payment ends the journey as failed;
// login and search follow their routes declaratively.
init({
  app: settings.app,
  key: settings.key,
  endpoint: settings.endpoint,
  release: settings.release,
  environment: settings.environment,
  journeys: settings.journeys.filter((j) => j.name !== 'checkout'),
  flushInterval: 2000,
})

const tracingReady = import('@vigil/sdk-browser/tracing')
  .then(({ startTracing }) =>
    startTracing?.({
      endpoint: settings.endpoint,
      service: 'shop-web',
      key: settings.key,
      release: settings.release,
      environment: settings.environment,
    }),
  )
  .catch(() => undefined)

const view = document.getElementById('view') as HTMLElement
const cartId = (() => {
  const stored = localStorage.getItem('shop.cart')
  if (stored) return stored
  const id = `c-${crypto.getRandomValues(new Uint32Array(2)).join('')}`
  localStorage.setItem('shop.cart', id)
  return id
})()

type Child = Node | string
const h = (tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement => {
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value)
  el.append(...children)
  return el
}
const price = (cents: number) => `€${(cents / 100).toFixed(2)}`

const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', 'x-shop-cart': cartId },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })
  const body = (await response.json().catch(() => ({}))) as T & { error?: string }
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`)
  return body
}

let checkout: JourneyHandle | undefined

const productCard = (p: Product) =>
  h(
    'div',
    { class: 'card' },
    h('a', { href: `/product/${p.id}`, 'data-link': '' }, p.name),
    h('p', {}, `${p.category} · ${price(p.price_cents)}`),
  )

const showError = (error: unknown) => {
  view.append(h('p', { class: 'error', role: 'alert' }, (error as Error).message))
}

const pages: [RegExp, (match: RegExpExecArray) => Promise<void>][] = [
  [
    /^\/$/,
    async () => {
      view.append(h('h1', {}, 'Gear for the trail'))
      const { products } = await api<{ products: Product[] }>('/api/products')
      view.append(h('div', { class: 'grid' }, ...products.map(productCard)))
    },
  ],
  [
    /^\/login$/,
    async () => {
      const user = h('input', { name: 'user', autocomplete: 'username', 'aria-label': 'User name' })
      const password = h('input', { name: 'password', type: 'password', 'aria-label': 'Password' })
      const form = h(
        'form',
        {},
        user,
        ' ',
        password,
        ' ',
        h('button', { 'data-vigil-name': 'sign-in' }, 'Sign in'),
      )
      form.addEventListener('submit', (event) => {
        event.preventDefault()
        api('/api/login', {
          method: 'POST',
          body: { user: (user as HTMLInputElement).value, password: (password as HTMLInputElement).value },
        })
          .then(() => navigate('/account'))
          .catch(showError)
      })
      view.append(h('h1', {}, 'Sign in'), form)
    },
  ],
  [
    /^\/account$/,
    async () => void view.append(h('h1', {}, 'Your account'), h('p', {}, 'You are signed in.')),
  ],
  [
    /^\/search$/,
    async () => {
      const q = new URLSearchParams(location.search).get('q') ?? ''
      const input = h('input', { name: 'q', 'aria-label': 'Search', value: q })
      const form = h('form', {}, input, ' ', h('button', { 'data-vigil-name': 'search' }, 'Search'))
      form.addEventListener('submit', (event) => {
        event.preventDefault()
        navigate(`/search?q=${encodeURIComponent((input as HTMLInputElement).value)}`)
      })
      view.append(h('h1', {}, 'Search'), form)
      if (!q) return
      const { products } = await api<{ products: Product[] }>(`/api/products?q=${encodeURIComponent(q)}`)
      view.append(
        h('p', {}, `${products.length} results`),
        h('div', { class: 'grid' }, ...products.map(productCard)),
      )
    },
  ],
  [
    /^\/product\/([\w-]+)$/,
    async (m) => {
      const { product, stock } = await api<{ product: Product; stock: { quantity: number } | null }>(
        `/api/products/${m[1]}`,
      )
      const add = h('button', { 'data-vigil-name': 'add-to-cart' }, 'Add to cart')
      add.addEventListener('click', () => {
        api('/api/cart', {
          method: 'POST',
          body: { productId: product.id, quantity: 1, priceCents: product.price_cents },
        })
          .then(() => navigate('/cart'))
          .catch(showError)
      })
      view.append(
        h('h1', {}, product.name),
        h(
          'p',
          {},
          `${price(product.price_cents)} · ${stock ? `${stock.quantity} in stock` : 'stock unknown'}`,
        ),
        add,
      )
    },
  ],
  [
    /^\/cart$/,
    async () => {
      checkout = journey('checkout').step('cart')
      const { items } = await api<{ items: { productId: string; quantity: number; priceCents: number }[] }>(
        '/api/cart',
      )
      view.append(h('h1', {}, 'Your cart'))
      if (items.length === 0) return void view.append(h('p', {}, 'The cart is empty.'))
      const total = items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0)
      const next = h('button', { 'data-vigil-name': 'checkout' }, 'Checkout')
      next.addEventListener('click', () => navigate('/checkout'))
      view.append(
        h('ul', {}, ...items.map((item) => h('li', {}, `${item.productId} × ${item.quantity}`))),
        h('p', {}, `Total ${price(total)}`),
        next,
      )
    },
  ],
  [
    /^\/checkout$/,
    async () => {
      checkout?.step('shipping')
      const address = h('input', { name: 'address', 'aria-label': 'Address', autocomplete: 'street-address' })
      const next = h('button', { 'data-vigil-name': 'to-payment' }, 'Continue to payment')
      next.addEventListener('click', () => navigate('/payment'))
      view.append(h('h1', {}, 'Shipping'), address, ' ', next)
    },
  ],
  [
    /^\/payment$/,
    async () => {
      checkout?.step('payment')
      const card = h('input', { name: 'card', 'aria-label': 'Card number', value: '4242 4242 4242 4242' })
      const pay = h('button', { id: 'pay', 'data-vigil-name': 'pay' }, 'Pay')
      pay.addEventListener('click', () => {
        pay.setAttribute('disabled', '')
        api<{ orderId: string }>('/api/pay', {
          method: 'POST',
          body: { card: (card as HTMLInputElement).value },
        })
          .then(({ orderId }) => {
            checkout?.step('confirmation')
            checkout?.complete()
            checkout = undefined
            navigate(`/confirmation/${orderId}`)
          })
          .catch((error: unknown) => {
            checkout?.fail((error as Error).message)
            checkout = undefined
            pay.removeAttribute('disabled')
            showError(error)
          })
      })
      view.append(h('h1', {}, 'Payment'), card, ' ', pay)
    },
  ],
  [
    /^\/confirmation\/([\w-]+)$/,
    async (m) => void view.append(h('h1', {}, 'Thank you!'), h('p', { id: 'order' }, `Order ${m[1]}`)),
  ],
]

const render = async () => {
  view.replaceChildren()
  for (const [pattern, page] of pages) {
    const match = pattern.exec(location.pathname)
    if (match) {
      await page(match).catch(showError)
      view.dataset.ready = location.pathname
      return
    }
  }
  view.append(h('h1', {}, 'Not found'))
}

const navigate = (url: string) => {
  history.pushState(null, '', url)
  void render()
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest('a[data-link]')
  if (!link) return
  event.preventDefault()
  navigate(link.getAttribute('href') ?? '/')
})
addEventListener('popstate', () => void render())

// Render after tracing has started, so the first API calls are traced too.
void tracingReady.then(render)

// For the traffic driver and tests: the SDK context the page is in.
;(globalThis as { shopContext?: typeof getContext }).shopContext = getContext
