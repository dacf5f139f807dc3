import { inspect } from 'node:util'
import type { RumApp } from '../rum/RumApp.js'
import { redactApps, redactAuth, redacted } from './redactConfig.js'
import type { AppsConfig, AuthConfig, IngestKey } from './schema.js'

const hide = <T extends object>(target: T, shown: () => unknown): T => {
  // Non-enumerable, so the objects still compare and spread as plain data; JSON.stringify, pino
  // and util.inspect (console.log) consult these hooks and print the redacted form instead.
  Object.defineProperty(target, 'toJSON', { value: shown, enumerable: false })
  Object.defineProperty(target, inspect.custom, {
    value: (_depth: number, options: object) => inspect(shown(), options),
    enumerable: false,
  })
  return target
}

/**
 * Makes every string form of an `auth` section (JSON, logs, `console.log`) show `[redacted]` in
 * place of the token and keys, while code reading `auth.apiToken` still gets the real value.
 * A copy made by spreading loses this protection; log `redactConfig(config)` rather than copies.
 */
export const guardSecrets = (auth: AuthConfig): AuthConfig => {
  const ingestKeys = auth.ingestKeys?.map((entry): IngestKey => {
    const copy = { name: entry.name, key: entry.key }
    return hide(copy, () => ({ name: copy.name, key: redacted }))
  })
  const guarded: AuthConfig = {
    ...(auth.apiToken === undefined ? {} : { apiToken: auth.apiToken }),
    ...(ingestKeys === undefined ? {} : { ingestKeys }),
  }
  return hide(guarded, () => redactAuth(guarded))
}

/** As {@link guardSecrets}, for the ingest keys of `apps`. */
export const guardAppKeys = (apps: AppsConfig): AppsConfig =>
  hide(
    apps.map((app): RumApp => {
      const copy = { name: app.name, key: app.key, allowedOrigins: [...app.allowedOrigins] }
      return hide(copy, () => ({ name: copy.name, key: redacted, allowedOrigins: copy.allowedOrigins }))
    }),
    () => redactApps(apps),
  )
