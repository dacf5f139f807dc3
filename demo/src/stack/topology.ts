/** One service instance the stack runs, and the "host" it pretends to run on. */
export interface InstanceSpec {
  service: string
  host: string
}

/**
 * The shop's processes in start phases: each phase starts together, after the services it calls (the
 * gateway last, once it knows every upstream URL). `catalog` runs twice, on two hosts, so per-host
 * views have something to compare.
 */
export const startPhases: readonly (readonly InstanceSpec[])[] = [
  [
    { service: 'inventory', host: 'demo-host-b' },
    { service: 'cart', host: 'demo-host-a' },
  ],
  [
    { service: 'catalog', host: 'demo-host-a' },
    { service: 'catalog', host: 'demo-host-b' },
    { service: 'payment', host: 'demo-host-b' },
  ],
  [{ service: 'gateway', host: 'demo-host-a' }],
]
