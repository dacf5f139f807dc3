import { BlockList, isIP } from 'node:net'

const loopback = new BlockList()
loopback.addSubnet('127.0.0.0', 8, 'ipv4')
loopback.addAddress('::1', 'ipv6')

/**
 * Whether binding to `host` keeps the collector reachable from this machine only: an address in
 * 127.0.0.0/8, `::1` (also written in full, in brackets, or IPv4-mapped as `::ffff:127.0.0.1`), or
 * the name `localhost`. Any other name counts as non-loopback, since what it resolves to is not
 * known here; `0.0.0.0` and `::` listen on every interface.
 */
export const isLoopback = (host: string): boolean => {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
  if (name === 'localhost' || name === 'localhost.') return true
  const family = isIP(name)
  if (family === 0) return false
  return loopback.check(name, family === 6 ? 'ipv6' : 'ipv4')
}
