import { queryJourneys } from '../queries/queryJourneys.js'
import { queryRumErrors } from '../queries/queryRumErrors.js'
import { queryVitals } from '../queries/queryVitals.js'
import type { RumStore } from '../RumStore.js'
import { rumConnection } from './rumConnection.js'

/** A `RumStore` on one temp DuckDB connection, each write its own commit; for route tests. */
export const connectionRumStore = async (): Promise<RumStore & { close(): Promise<void> }> => {
  const db = await rumConnection()
  let chain: Promise<unknown> = Promise.resolve()
  // One statement sequence at a time on the single connection.
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = chain.then(run, run)
    chain = next.catch(() => undefined)
    return next
  }
  return {
    writeRum: (rows) =>
      serial(async () => {
        const [accepted = 0] = await db.commit([...rows])
        return { accepted, duplicates: rows.length - accepted }
      }),
    rumVitals: (query) => serial(() => queryVitals(db.connection, query)),
    rumErrors: (query) => serial(() => queryRumErrors(db.connection, query)),
    journeys: (query) => serial(() => queryJourneys(db.connection, query)),
    close: () => serial(() => db.close()),
  }
}
