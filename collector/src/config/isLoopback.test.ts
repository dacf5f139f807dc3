import { describe, expect, it } from 'vitest'
import { isLoopback } from './isLoopback.js'

describe('isLoopback', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '127.255.255.255',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    'localhost',
    'LOCALHOST',
  ])('keeps %s on this machine', (host) => {
    expect(isLoopback(host)).toBe(true)
  })

  it.each([
    '0.0.0.0',
    '::',
    '10.0.0.1',
    '128.0.0.1',
    '126.255.255.255',
    '::2',
    '::ffff:10.0.0.1',
    'example.com',
    'localhost.example.com',
    '127.0.0.1.example.com',
  ])('treats %s as reachable from elsewhere', (host) => {
    expect(isLoopback(host)).toBe(false)
  })
})
