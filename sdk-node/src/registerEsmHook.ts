import { createRequire, register } from 'node:module'
import { pathToFileURL } from 'node:url'

/**
 * Registers OpenTelemetry's ESM loader hook (import-in-the-middle) so instrumentations can patch modules that
 * an ES-module app imports, including named imports such as `import { createServer } from 'node:http'`.
 * CommonJS modules (Fastify and Express among them) are patched through `require` and need no hook. The hook is
 * resolved from @opentelemetry/sdk-node's own dependencies, so it is the copy the instrumentations use.
 * Returns false, without throwing, when this Node has no `module.register` or the hook cannot be found.
 */
export const registerEsmHook = (): boolean => {
  if (typeof register !== 'function') return false
  try {
    const fromSdk = createRequire(createRequire(import.meta.url).resolve('@opentelemetry/sdk-node'))
    const hook = fromSdk.resolve('@opentelemetry/instrumentation/hook.mjs')
    register(pathToFileURL(hook).href, import.meta.url)
    return true
  } catch {
    return false
  }
}
