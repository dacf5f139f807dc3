import type { NormalisedPage } from './normalisePage.js'

/**
 * The page of recently seen page views, so that events arriving in a later batch than their page
 * view (vitals reported at `pagehide`, errors) can be stored with their page. Bounded: the oldest
 * entry goes first. A view not found here is stored without a page and resolved at query time.
 */
export class ViewPageCache {
  private readonly pages = new Map<string, NormalisedPage>()

  constructor(private readonly capacity = 20_000) {}

  get(app: string, viewId: string): NormalisedPage | undefined {
    return this.pages.get(`${app}\u0000${viewId}`)
  }

  set(app: string, viewId: string, page: NormalisedPage): void {
    const key = `${app}\u0000${viewId}`
    this.pages.delete(key)
    if (this.pages.size >= this.capacity) {
      const oldest = this.pages.keys().next().value
      if (oldest !== undefined) this.pages.delete(oldest)
    }
    this.pages.set(key, page)
  }
}
