import { describe, expect, it } from 'vitest'
import { normalisePage } from './normalisePage.js'

describe('normalisePage', () => {
  it('drops origin, query and fragment', () => {
    expect(normalisePage('https://shop.example/cart?x=1#top')).toEqual({ page: '/cart', path: '/cart' })
  })

  it('groups identifier segments under :id', () => {
    expect(normalisePage('https://shop.example/order/123/items').page).toBe('/order/:id/items')
    expect(normalisePage('https://s.example/u/3f2504e0-4f89-11d3-9a0c-0305e82c3301').page).toBe('/u/:id')
    expect(normalisePage('https://s.example/c/9f86d081884c7d65').page).toBe('/c/:id')
    expect(normalisePage('https://s.example/search/shoes').page).toBe('/search/shoes')
    expect(normalisePage('https://s.example/order/%3Cnum%3E').page).toBe('/order/:id')
  })

  it('masks e-mail addresses and long digit runs in the stored path', () => {
    const { path, page } = normalisePage('https://s.example/users/jo@example.com/cards/4111 1111 1111 1111')
    expect(path).toBe('/users/<email>/cards/<num>')
    expect(page).toBe('/users/:id/cards/:id')
  })

  it('accepts relative and unparsable URLs', () => {
    expect(normalisePage('/a/42').page).toBe('/a/:id')
    expect(normalisePage('').page).toBe('/')
  })
})
