// Part of the SDK's build, after `tsc -b` (docs/sdk-browser.md, "Start-up cost"). Marks the functions
// of the published modules for eager compilation, so that V8 compiles them off the main thread with
// the app's bundle instead of one by one on the main thread when each first runs:
// - every module tsc wrote to dist/ (tests and build helpers excepted) is rewritten in place;
// - dist/webVitals.js, which tsc wrote as a re-export of `web-vitals`, becomes web-vitals' own ES
//   module build, rewritten the same way (the library cannot carry the hint itself).
// Running it again changes nothing; running `tsc -b` after it needs it run again.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { hintFunctions } from '../dist/build/hintFunctions.js'

const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const skip = (path) =>
  /\.test\.js$|^(build|testing)\//.test(path) || ['testStore.js', 'manualTimers.js'].includes(path)

let functions = 0
let files = 0
for (const path of readdirSync(dist, { recursive: true })) {
  if (!path.endsWith('.js') || skip(path) || path === 'webVitals.js') continue
  const before = readFileSync(join(dist, path), 'utf8')
  const { code, hinted } = hintFunctions(before)
  functions += hinted
  if (code !== before) {
    writeFileSync(join(dist, path), code)
    files++
  }
}

// what a bundler picks for `import 'web-vitals'` (its package's "default" export condition)
const library = import.meta.resolve('web-vitals')
const { version } = JSON.parse(readFileSync(new URL('../package.json', library), 'utf8'))
const source = readFileSync(new URL(library), 'utf8').replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n')
const vitals = hintFunctions(source)
writeFileSync(
  join(dist, 'webVitals.js'),
  `// web-vitals ${version} (Apache-2.0, https://github.com/GoogleChrome/web-vitals), its functions marked for eager compilation\n${vitals.code}`,
)
rmSync(join(dist, 'webVitals.js.map'), { force: true })
console.log(
  `sdk-browser dist: ${functions} functions marked in ${files} rewritten modules; web-vitals ${version}: ${vitals.hinted}`,
)
