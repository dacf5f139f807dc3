#!/usr/bin/env node
// The `vigil` command. It lives outside dist/ so that npm can link it at install time, before the first build.
import { existsSync } from 'node:fs'

const cli = new URL('../dist/cli.js', import.meta.url)
if (!existsSync(cli)) {
  process.stderr.write(
    'vigil: not built yet. Run `npm run build` (or `npm start`) in the Vigil checkout first.\n',
  )
  process.exit(2)
}
await import(cli.href)
