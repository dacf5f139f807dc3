import type { AppsConfig, AuthConfig, CollectorConfig } from './schema.js'

/** What a secret is replaced with in anything meant to be read. */
export const redacted = '[redacted]'

/** `auth` with the token and every key replaced by `[redacted]`; key names stay, they are not secret. */
export const redactAuth = (auth: AuthConfig): AuthConfig => ({
  ...(auth.apiToken === undefined ? {} : { apiToken: redacted }),
  ...(auth.ingestKeys === undefined
    ? {}
    : { ingestKeys: auth.ingestKeys.map(({ name }) => ({ name, key: redacted })) }),
})

/** `apps` with every ingest key replaced by `[redacted]`. */
export const redactApps = (apps: AppsConfig): AppsConfig =>
  apps.map(({ name, allowedOrigins }) => ({ name, key: redacted, allowedOrigins: [...allowedOrigins] }))

/** A plain copy of `config` that is safe to log or show: the API token, ingest keys and app keys are `[redacted]`. */
export const redactConfig = (config: CollectorConfig): CollectorConfig => ({
  server: { ...config.server },
  data: { ...config.data },
  auth: redactAuth(config.auth),
  retention: { ...config.retention },
  queue: { ...config.queue },
  limits: { ...config.limits },
  apps: redactApps(config.apps),
  log: { ...config.log },
  slos: config.slos,
})
