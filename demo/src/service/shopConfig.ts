import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

/** A RUM app of the collector config's `apps` list (docs/configuration.md). */
export interface ShopApp {
  name: string
  key?: string
  allowedOrigins?: string[]
}

/** The part of the demo's collector config (`config/vigil.yaml`) the shop itself reads. */
export interface ShopConfig {
  apps: ShopApp[]
}

/** Reads the demo's collector config; a missing `apps` section reads as empty. */
export const readShopConfig = (file: string): ShopConfig => {
  const doc = (parse(readFileSync(file, 'utf8')) ?? {}) as { apps?: ShopApp[] }
  return { apps: doc.apps ?? [] }
}
