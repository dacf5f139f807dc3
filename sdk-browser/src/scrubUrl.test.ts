import { describe, expect, it } from 'vitest'
import { maskMessage } from './maskMessage.js'
import { scrubUrl } from './scrubUrl.js'

describe('scrubUrl', () => {
  it('drops query strings and fragments by default', () => {
    expect(scrubUrl('https://shop.test/cart?token=abc&utm_source=x#section')).toBe('https://shop.test/cart')
  })
  it('keeps allow-listed parameters only', () => {
    expect(scrubUrl('https://shop.test/search?q=shoes&session=s1&page=2', ['q', 'page'])).toBe(
      'https://shop.test/search?q=shoes&page=2',
    )
  })
  it('masks e-mails and long numbers in the path', () => {
    expect(scrubUrl('https://shop.test/users/jane.doe@mail.test/orders/123456789')).toBe(
      'https://shop.test/users/<email>/orders/<num>',
    )
  })
  it('reduces data: and blob: URLs to their scheme', () => {
    expect(scrubUrl('data:image/png;base64,AAAA')).toBe('data:')
    expect(scrubUrl('blob:https://shop.test/1234-5678')).toBe('blob:')
  })
  it('handles relative and unparsable input without throwing', () => {
    expect(scrubUrl('/cart?x=1', [], 2048)).toMatch(/\/cart$/)
    expect(scrubUrl('http://[bad?x=1')).toBe('http://[bad')
  })
  it('truncates to the limit', () => {
    expect(scrubUrl(`https://shop.test/${'a'.repeat(5000)}`, [], 100)).toHaveLength(100)
  })
})

describe('maskMessage', () => {
  it('masks e-mail addresses', () => {
    expect(maskMessage('no user jane.doe+x@mail.example.com found')).toBe('no user <email> found')
  })
  it('masks long digit runs, also split by spaces or dashes, but keeps short numbers', () => {
    expect(maskMessage('card 4111 1111 1111 1111 declined, phone 555-123-4567')).toBe(
      'card <num> declined, phone <num>',
    )
    expect(maskMessage('retry 3 of 5 after 12345 ms')).toBe('retry 3 of 5 after 12345 ms')
    expect(maskMessage('v1.2.3 built 4 days ago on node 5-6')).toBe('v1.2.3 built 4 days ago on node 5-6')
  })
  it('truncates', () => {
    expect(maskMessage('x'.repeat(10), 4)).toBe('xxxx')
  })
})
