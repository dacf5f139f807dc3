import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { runInNewContext } from 'node:vm'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { hintFunctions } from './hintFunctions.js'

const HINT = /\((?:async )?function\b/g
const hints = (code: string) => code.match(HINT)?.length ?? 0

/** Runs a script that leaves its answer in `result`. */
const run = (code: string): unknown => {
  const sandbox: { result?: unknown } = {}
  runInNewContext(code, sandbox)
  return sandbox.result
}

describe('hintFunctions', () => {
  it('turns block-bodied arrows into parenthesised function expressions that compute the same', () => {
    const source = `
      const add = (a, b = () => { return 1 }) => { return a + b() }
      const twice = x => { return x * 2 }
      const sum = [1, 2, 3].map((v) => { return twice(v) }).reduce((a, b) => a + b)
      result = [add(2), add(2, () => { return 5 }), sum]`
    const { code, hinted } = hintFunctions(source)
    expect(hinted).toBe(5)
    expect(hints(code)).toBe(5)
    expect(run(code)).toEqual(run(source))
  })

  it('keeps async arrows async', async () => {
    const { code } = hintFunctions('result = (async () => { return 7 })()')
    expect(code).toContain('(async function ()')
    expect(await (run(code) as Promise<number>)).toBe(7)
  })

  it('leaves arrows that use this or arguments, and expression-bodied arrows, as they are', () => {
    const source = `
      function outer() {
        const self = () => { return this.tag }
        const args = () => { return arguments.length }
        const nested = () => { const inner = () => { return this.tag }; return inner() }
        return [self(), args(), nested()]
      }
      const small = (x) => x + 1
      result = [...outer.call({ tag: 't' }, 1, 2), small(1)]`
    const { code, hinted } = hintFunctions(source)
    expect(hinted).toBe(0)
    expect(code.replace(/\s+/g, '')).toBe(source.replace(/\s+/g, ''))
    expect(run(code)).toEqual(['t', 2, 't', 2])
  })

  it('parenthesises bare function expressions once and changes nothing on a second run', () => {
    const source =
      'const f = function (n) { return n + 1 }; const g = (function () { return 2 }); result = f(g())'
    const first = hintFunctions(source)
    expect(first.code).toContain('const f = (function (n) { return n + 1 })')
    expect(first.hinted).toBe(1)
    expect(run(first.code)).toBe(3)
    const second = hintFunctions(first.code)
    expect(second.code).toBe(first.code)
    expect(second.hinted).toBe(0)
  })

  it("keeps web-vitals' exports working, and its hints survive a minifying bundler", async () => {
    const library = createRequire(import.meta.url)
      .resolve('web-vitals')
      .replace(/umd\.cjs$/, 'js')
    const source = readFileSync(library, 'utf8')
    const { code, hinted } = hintFunctions(source)
    expect(hinted).toBeGreaterThan(hints(source) + 20)
    const out = await build({
      stdin: { contents: code, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2020',
      write: false,
    })
    const bundled = out.outputFiles[0]!.text
    expect(hints(bundled)).toBe(hints(code))
    for (const name of ['onCLS', 'onFCP', 'onINP', 'onLCP', 'onTTFB'])
      expect(code).toMatch(new RegExp(`\\b${name}\\b`))
  })
})
