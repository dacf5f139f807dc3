import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { repoRoot } from './collectorProcess.js'

const fixtures = join(repoRoot, 'test/fixtures/browser')

/**
 * The pages made from `plain.html` (the fixture shop with none of our scripts), each the same page with one
 * module more: the fixture app with the SDK, and web-vitals alone (the SDK benchmark's reference).
 */
const scriptedPages = {
  'index.html': { title: 'Vigil fixture shop', module: '/dist/app.js' },
  'vitals.html': { title: 'Vigil fixture shop with web-vitals alone', module: '/dist/vitalsOnly.js' },
}

const titleTag = /<title>.*<\/title>/

const writeScriptedPages = (dir: string): void => {
  const plain = readFileSync(join(fixtures, 'plain.html'), 'utf8')
  if (!titleTag.test(plain)) throw new Error('plain.html has no <title> to put the module after')
  for (const [name, { title, module }] of Object.entries(scriptedPages)) {
    const head = `<title>${title}</title>\n    <script type="module" src="${module}"></script>`
    writeFileSync(join(dir, name), plain.replace(titleTag, head))
  }
}

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
 * Copies the fixture pages into a fresh temporary directory, adds the pages made from `plain.html`, and
 * bundles `app.js` (the SDK as an app would load it, tracing split into a chunk loaded on demand) and
 * `vitalsOnly.js` (web-vitals alone, the benchmark's reference) next to them, minified like a production
 * build. Returns the directory to serve and its cleanup.
 */
export const buildFixtureSite = async (): Promise<{ dir: string; remove(): void }> => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-browser-'))
  cpSync(fixtures, dir, { recursive: true, filter: (source) => !source.endsWith('.mjs') })
  writeScriptedPages(dir)
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
