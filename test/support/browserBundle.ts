import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { repoRoot } from './collectorProcess.js'

const fixtures = join(repoRoot, 'test/fixtures/browser')

/**
 * Falls back to the built tracing entry while `@vigil/sdk-browser` does not list `./tracing` in
 * its `exports` yet; once it does, the normal resolution wins and this never runs.
 */
const tracingEntry: Plugin = {
  name: 'vigil-tracing-entry',
  setup(b) {
    b.onResolve({ filter: /^@vigil\/sdk-browser\/tracing$/ }, async (args) => {
      if (args.pluginData === 'retry') return undefined
      const normal = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'retry',
      })
      return normal.errors.length === 0 ? normal : { path: join(repoRoot, 'sdk-browser/dist/tracing.js') }
    })
  },
}

/**
 * Copies the fixture pages into a fresh temporary directory and bundles `app.js` (the SDK as an
 * app would load it, tracing split into a chunk loaded on demand) and `vitalsOnly.js` (web-vitals
 * alone, the benchmark's reference) next to them, minified like a production build. Returns the
 * directory to serve and its cleanup.
 */
export const buildFixtureSite = async (): Promise<{ dir: string; remove(): void }> => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-browser-'))
  cpSync(fixtures, dir, { recursive: true, filter: (source) => !source.endsWith('.mjs') })
  await build({
    entryPoints: { app: join(fixtures, 'app.js'), vitalsOnly: join(fixtures, 'vitalsOnly.js') },
    outdir: join(dir, 'dist'),
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2020',
    platform: 'browser',
    sourcemap: false,
    logLevel: 'silent',
    plugins: [tracingEntry],
  })
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
