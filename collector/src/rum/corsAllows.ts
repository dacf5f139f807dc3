import type { RumApp } from './RumApp.js'

/** Whether any app accepts pages from `origin`: the answer to a CORS preflight, which carries no key. */
export const corsAllows = (apps: readonly RumApp[], origin: string): boolean =>
  apps.length === 0 ||
  apps.some((app) => app.allowedOrigins.includes('*') || app.allowedOrigins.includes(origin))
