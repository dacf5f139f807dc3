import type { FaultSettings } from '../service/FaultSettings.js'
import type { StackState } from '../stack/StackState.js'

/** What one instance answered. */
export interface FaultResult {
  url: string
  host: string
  status: number
  body: unknown
}

/**
 * Posts the fault to every instance of `service` (only those on `host` when given), as recorded in the
 * stack's state file.
 */
export const sendFault = async (
  state: StackState,
  service: string,
  settings: FaultSettings,
  host?: string,
): Promise<FaultResult[]> => {
  const instances = (state.services[service] ?? []).filter((i) => host === undefined || i.host === host)
  if (instances.length === 0) {
    const known = Object.keys(state.services).join(', ')
    throw new Error(`no instance of ${service}${host ? ` on ${host}` : ''} (services: ${known})`)
  }
  return Promise.all(
    instances.map(async ({ url, host: on }) => {
      const response = await fetch(`${url}/__fault`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(settings),
      })
      return { url, host: on, status: response.status, body: (await response.json()) as unknown }
    }),
  )
}
