import type { Page } from 'playwright-core'
import { searchTerms } from '../service/products.js'

/** One scripted visit through the shop, as a real user clicks it. */
export type Journey = (page: Page, shop: string, pick: <T>(items: readonly T[]) => T) => Promise<void>

/** `n` choices of which one is `rare`, for `pick`. */
const oneIn = <T>(n: number, rare: T, usual: T): T[] =>
  Array.from({ length: n }, (_, i) => (i === 0 ? rare : usual))

const settle = (page: Page, path: string) =>
  page.waitForSelector(`#view[data-ready="${path}"]`, { timeout: 15_000 })

export const searchJourney: Journey = async (page, shop, pick) => {
  await page.goto(`${shop}/search`)
  await settle(page, '/search')
  await page.fill('input[name=q]', pick(searchTerms))
  await page.click('button[data-vigil-name=search]')
  await page.waitForSelector('.grid a, #view p', { timeout: 15_000 })
  const link = page.locator('.grid a').first()
  if ((await link.count()) > 0) {
    await link.click()
    await page.waitForSelector('#view[data-ready^="/product/"]')
  }
}

export const loginJourney: Journey = async (page, shop, pick) => {
  await page.goto(`${shop}/login`)
  await settle(page, '/login')
  await page.fill('input[name=user]', pick(['ada', 'grace', 'alan', 'edsger']))
  // Now and then a user mistypes (1 in 250): the sign-in fails and the journey stays unfinished.
  await page.fill('input[name=password]', pick(oneIn(250, 'x', 'secret-1')))
  await page.click('button[data-vigil-name=sign-in]')
  await page.waitForTimeout(500)
}

/** Product page → cart → shipping → payment → Pay; returns once the confirmation or an error shows. */
export const checkoutJourney: Journey = async (page, shop, pick) => {
  await page.goto(`${shop}/product/${pick(['p-100', 'p-104', 'p-107', 'p-110', 'p-115'])}`)
  await page.click('button[data-vigil-name=add-to-cart]')
  await page.waitForSelector('#view[data-ready="/cart"] button[data-vigil-name=checkout]')
  await page.click('button[data-vigil-name=checkout]', { timeout: 15_000 })
  await page.click('button[data-vigil-name=to-payment]')
  await page.waitForSelector('#pay')
  // Now and then a card is declined (1 in 50): the checkout journey fails at its payment step.
  if (pick(oneIn(50, true, false))) {
    await page.fill('input[name=card]', '4000 0000 0000 0002')
  }
  await page.click('#pay')
  await page.waitForSelector('#order, [role=alert]', { timeout: 15_000 })
}
