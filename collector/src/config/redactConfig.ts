import type { AuthConfig, CollectorConfig } from './schema.js'

/** What a secret is replaced with in anything meant to be read. */
export const redacted = '[redacted]'

/** `auth` with the token and every key replaced by `[redacted]`; key names stay, they are not secret. */
export const redactAuth = (auth: AuthConfig): AuthConfig => ({
  ...(auth.apiToken === undefined ? {} : { apiToken: redacted }),
  ...(auth.ingestKeys === undefined
    ? {}
    : { ingestKeys: auth.ingestKeys.map(({ name }) => ({ name, key: redacted })) }),
})

/** A plain copy of `config` that is safe to log or show: the API token and ingest keys are `[redacted]`. */
export const redactConfig = (config: CollectorConfig): CollectorConfig => ({
  server: { ...config.server },
  data: { ...config.data },
  auth: redactAuth(config.auth),
  retention: { ...config.retention },
  queue: { ...config.queue },
  limits: { ...config.limits },
  log: { ...config.log },
})
