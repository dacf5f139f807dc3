import { chromium } from 'playwright-core'
import { mulberry32 } from '../synthetic/mulberry32.js'
import { chromiumOptions } from './chromiumOptions.js'
import { checkoutJourney, type Journey, loginJourney, searchJourney } from './shopperJourneys.js'

/** Options of `browserTraffic`. */
export interface BrowserTrafficOptions {
  shop: string
  /** Concurrent simulated users, each in its own browser context (own session). */
  users: number
  /** Mean pause between two journeys of one user, ms. */
  pauseMs: number
  /** Stop after this many journeys in all (unbounded when absent). */
  journeys?: number
  seed?: number
  signal?: AbortSignal
  log?: (line: string) => void
}

const weighted: readonly Journey[] = [
  searchJourney,
  searchJourney,
  checkoutJourney,
  loginJourney,
  checkoutJourney,
]

/**
 * Drives real headless Chromium sessions through the journeys until aborted: the browser SDK records
 * them, its tracing entry propagates journey baggage to the services.
 */
export const browserTraffic = async (
  options: BrowserTrafficOptions,
): Promise<{ journeys: number; failures: number }> => {
  const random = mulberry32(options.seed ?? 7)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const browser = await chromium.launch(chromiumOptions)
  let done = 0
  let failures = 0
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        // Removed each time: a listener per pause would pile up on the signal over hours of traffic.
        options.signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      options.signal?.addEventListener('abort', done, { once: true })
    })
  const more = () => !options.signal?.aborted && (options.journeys === undefined || done < options.journeys)
  const user = async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    while (more()) {
      done++
      try {
        await pick(weighted)(page, options.shop, pick)
      } catch (error) {
        failures++
        options.log?.(`journey failed: ${(error as Error).message.split('\n')[0]}`)
      }
      await wait(options.pauseMs * (0.5 + random()))
    }
    // Leaving the page flushes the SDK's queue (pagehide) before the context goes.
    await page.goto('about:blank').catch(() => {})
    await context.close()
  }
  try {
    await Promise.all(Array.from({ length: options.users }, user))
  } finally {
    await browser.close()
  }
  return { journeys: done, failures }
}
