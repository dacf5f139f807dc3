import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

/** A journey step as the shop config declares it. */
export interface ShopJourneyStep {
  name: string
  route: string
}

/** The parts of `config/shop.yaml` the demo itself reads (the `slos` list is for the collector). */
export interface ShopConfig {
  apps: { name: string; key: string; allowedOrigins?: string[] }[]
  journeys: { name: string; steps: ShopJourneyStep[] }[]
}

/** Reads the shop config; a missing section reads as empty. */
export const readShopConfig = (file: string): ShopConfig => {
  const doc = (parse(readFileSync(file, 'utf8')) ?? {}) as Partial<ShopConfig>
  return { apps: doc.apps ?? [], journeys: doc.journeys ?? [] }
}
