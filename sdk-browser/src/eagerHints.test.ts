import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { bundleLikeAUser } from './testing/bundleLikeAUser.js'

const dir = fileURLToPath(new URL('.', import.meta.url))
const HINT = /\((?:async )?function\b/g
/** The largest functions that run during the page's load: each must carry the hint. */
const LOAD_PATH = [
  ['init.ts', 'const start'],
  ['init.ts', 'export const init'],
  ['instrumentations/actions.ts', 'export const actions'],
  ['instrumentations/errors.ts', 'export const errors'],
  ['instrumentations/loaf.ts', 'export const loaf'],
  ['journey.ts', 'export const journeys'],
  ['actionTracker.ts', 'export const actionTracker'],
  ['attributeVital.ts', 'export const attributeVital'],
  ['resourceSummary.ts', 'export const resourceSummary'],
  ['scrubUrl.ts', 'export const scrubUrl'],
] as const

// The load path's functions are written `(function (…) {…})` so that V8 compiles them eagerly on
// its background thread (docs/sdk-browser.md, "Start-up cost"). The hint is only syntax: a
// minifier that dropped the parentheses would silently put that compilation back on the main thread.
it("keeps every eager-compile hint of the core's sources through a minifying bundler", async () => {
  const sources = ['.', 'instrumentations']
    .flatMap((sub) => readdirSync(`${dir}/${sub}`).map((f) => `${dir}/${sub}/${f}`))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  const code = (f: string) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('//'))
      .join('\n')
  const hinted = sources.reduce((n, f) => n + (code(f).match(HINT)?.length ?? 0), 0)
  const bundled = (await bundleLikeAUser('export * from "./index.ts"')).match(HINT)?.length ?? 0
  // the hints cost bytes of the 10 KiB budget, so only the large functions the load runs keep one
  for (const [file, name] of LOAD_PATH) expect(code(`${dir}/${file}`)).toContain(`${name} = (function`)
  expect(hinted).toBeGreaterThanOrEqual(LOAD_PATH.length)
  expect(bundled).toBeGreaterThanOrEqual(hinted)
})
