import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build, type Plugin, transform } from 'esbuild'
import { hintFunctions } from '../build/hintFunctions.js'

/**
 * The modules as the package publishes them: the build (scripts/hint-dist.mjs) marks the functions
 * of the SDK's own modules and of web-vitals for eager compilation (`hintFunctions`), which costs
 * bytes, so the budgets count it. The SDK's sources are compiled from TypeScript first, as tsc does.
 */
const publishedModules: Plugin = {
  name: 'vigil-published-modules',
  setup(b) {
    b.onLoad({ filter: /[\\/]sdk-browser[\\/]src[\\/].*\.ts$/ }, async ({ path }) => {
      const js = await transform(await readFile(path, 'utf8'), {
        loader: 'ts',
        format: 'esm',
        target: 'es2022',
      })
      return { contents: hintFunctions(js.code).code, loader: 'js' }
    })
    b.onLoad(
      { filter: /[\\/]node_modules[\\/]web-vitals[\\/]dist[\\/]web-vitals\.js$/ },
      async ({ path }) => ({
        contents: hintFunctions(await readFile(path, 'utf8')).code,
        loader: 'js',
      }),
    )
  },
}

/**
 * `source` (module text resolved from sdk-browser/src) bundled as a user's bundler ships it for the
 * browser: everything inlined, minified, ES2020, the modules as published. The size budgets and the
 * compile-hint check both measure this output.
 */
export const bundleLikeAUser = async (source: string): Promise<string> => {
  const out = await build({
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    platform: 'browser',
    write: false,
    plugins: [publishedModules],
    stdin: { contents: source, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
  })
  return out.outputFiles[0]!.text
}
