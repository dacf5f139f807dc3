import { expect, it } from 'vitest'
import { originMatcher } from './originMatcher.js'

it('matches a listed origin and nothing that merely starts like it', () => {
  const [api] = originMatcher(['https://api.example.com'])
  expect(api!.test('https://api.example.com/orders?x=1')).toBe(true)
  expect(api!.test('https://api.example.com')).toBe(true)
  expect(api!.test('https://api.example.com.evil.net/orders')).toBe(false)
  expect(api!.test('https://api.example.com:8443/orders')).toBe(false)
  expect(api!.test('http://api.example.com/orders')).toBe(false)
})

it('ignores a path given with the origin and passes patterns through', () => {
  const pattern = /^https:\/\/[a-z]+\.example\.org\//
  const [origin, same] = originMatcher(['http://127.0.0.1:8080/api/', pattern])
  expect(origin!.test('http://127.0.0.1:8080/other')).toBe(true)
  expect(same).toBe(pattern)
})
