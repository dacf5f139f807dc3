/** A journey of the shop and its steps, each entered on a route (the browser SDK's `journeys` option). */
export interface ShopJourney {
  name: string
  steps: { name: string; route: string }[]
}

/**
 * The shop's journeys. They live in code, beside the pages they describe, because the collector's
 * config has no journeys section: the SLOs in `config/vigil.yaml` refer to them by name.
 */
export const shopJourneys: readonly ShopJourney[] = [
  {
    name: 'login',
    steps: [
      { name: 'form', route: '/login' },
      { name: 'account', route: '/account' },
    ],
  },
  {
    name: 'search',
    steps: [
      { name: 'query', route: '/search' },
      { name: 'product', route: '/product/:id' },
    ],
  },
  {
    name: 'checkout',
    steps: [
      { name: 'cart', route: '/cart' },
      { name: 'shipping', route: '/checkout' },
      { name: 'payment', route: '/payment' },
      { name: 'confirmation', route: '/confirmation/:order' },
    ],
  },
]
