import { tokenMatches } from '../plugins/bearerToken.js'
import type { RumApp } from './RumApp.js'

/** Whether a batch may be stored, and if not, the HTTP status and why. */
export type Authorisation = { ok: true } | { ok: false; status: 401 | 403; message: string }

const originAllowed = (app: RumApp, origin: string | undefined): boolean =>
  origin === undefined || app.allowedOrigins.includes('*') || app.allowedOrigins.includes(origin)

/**
 * Checks a batch's app, key and page origin. With no app configured every batch is accepted (as
 * OTLP ingest without keys). A request without `Origin` is not from a browser page and passes the
 * origin check; browsers always send it on cross-origin and POST requests.
 */
export const authoriseBatch = (
  apps: readonly RumApp[],
  appName: string,
  key: string | undefined,
  origin: string | undefined,
): Authorisation => {
  if (apps.length === 0) return { ok: true }
  const app = apps.find((candidate) => candidate.name === appName)
  if (app === undefined || !tokenMatches(key, [app.key])) {
    return {
      ok: false,
      status: 401,
      message: `missing or unknown ingest key for app ${JSON.stringify(appName)}`,
    }
  }
  if (!originAllowed(app, origin)) {
    return {
      ok: false,
      status: 403,
      message: `origin ${origin} is not allowed for app ${JSON.stringify(appName)}`,
    }
  }
  return { ok: true }
}
