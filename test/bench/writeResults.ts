import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const docs = resolve(fileURLToPath(import.meta.url), '../../../../docs')

/** `value` rounded to `digits` decimals, for the tables. */
export const round = (value: number, digits = 0): number => Math.round(value * 10 ** digits) / 10 ** digits

/** The machine a result was measured on, so figures are never quoted without it. */
export const machine = () => ({
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
})

/**
 * Writes `docs/benchmarks/<name>.json` and replaces the section between `<!-- bench:<name> -->` and
 * `<!-- /bench:<name> -->` in `docs/benchmarks.md` with `markdown`.
 */
export const writeResults = (name: string, result: unknown, markdown: string): void => {
  mkdirSync(join(docs, 'benchmarks'), { recursive: true })
  writeFileSync(join(docs, 'benchmarks', `${name}.json`), `${JSON.stringify(result, null, 2)}\n`)
  const file = join(docs, 'benchmarks.md')
  const page = readFileSync(file, 'utf8')
  const start = `<!-- bench:${name} -->`
  const end = `<!-- /bench:${name} -->`
  const from = page.indexOf(start)
  const to = page.indexOf(end)
  if (from < 0 || to < from) throw new Error(`docs/benchmarks.md has no ${start} … ${end} section`)
  writeFileSync(file, `${page.slice(0, from + start.length)}\n${markdown.trim()}\n${page.slice(to)}`)
}
