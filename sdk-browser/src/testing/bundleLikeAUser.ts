import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/**
 * `source` (module text resolved from sdk-browser/src) bundled as a user's bundler ships it for the
 * browser: everything inlined, minified, ES2020. The size budgets and the compile-hint check both
 * measure this output.
 */
export const bundleLikeAUser = async (source: string): Promise<string> => {
  const out = await build({
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    platform: 'browser',
    write: false,
    stdin: { contents: source, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
  })
  return out.outputFiles[0]!.text
}
