import { createRequire } from 'node:module'
import { build, type Plugin } from 'esbuild'
import { paths } from '../paths.js'

/** Bundled page code, by file name (`app.js`, `chunk-….js`). */
export type WebBundle = Map<string, string>

const tracingEntry = '@vigil/sdk-browser/tracing'

// When the SDK's tracing entry is not available, the page still works: it loads an empty module and
// reports RUM without traces.
const optionalTracing: Plugin = {
  name: 'optional-tracing',
  setup(b) {
    b.onResolve({ filter: /^@vigil\/sdk-browser\/tracing$/ }, (args) => {
      try {
        createRequire(`${args.resolveDir}/`).resolve(tracingEntry)
        return undefined
      } catch {
        return { path: tracingEntry, namespace: 'missing-tracing' }
      }
    })
    b.onLoad({ filter: /.*/, namespace: 'missing-tracing' }, () => ({
      contents: 'export const startTracing = undefined',
      loader: 'js',
    }))
  },
}

/** Bundles `demo/web/app.ts` and the SDK for the browser, in memory, with tracing as a lazy chunk. */
export const bundleWeb = async (): Promise<WebBundle> => {
  const result = await build({
    entryPoints: [paths.webEntry],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    outdir: '/assets',
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    logLevel: 'silent',
    plugins: [optionalTracing],
  })
  return new Map(result.outputFiles.map((file) => [file.path.replace(/^\/assets\//, ''), file.text]))
}
