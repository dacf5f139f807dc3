import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { detectSloFormat } from './detectSloFormat.js'
import { loadSloFiles } from './loadSloFiles.js'

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

describe('detectSloFormat', () => {
  it('tells the formats apart by their top-level keys', () => {
    expect(detectSloFormat('slos:\n  - id: a\n')).toBe('vigil')
    expect(detectSloFormat('# x\napiVersion: openslo/v1\nkind: SLO\n')).toBe('openslo')
    expect(detectSloFormat('- apiVersion: openslo/v1\n  kind: SLO\n')).toBe('openslo')
    expect(detectSloFormat('version: "prometheus/v1"\nservice: a\n')).toBe('sloth')
    // A nested `version:` is not Sloth's.
    expect(detectSloFormat('slos:\n  - id: a\n    labels: { x: y }\n    version: 2\n')).toBe('vigil')
  })
})

describe('loadSloFiles', () => {
  it('reads each fixture in its format', () => {
    const loaded = loadSloFiles(['shop-slos.yaml', 'sloth-shop-api.yaml', 'openslo-search.yaml'].map(fixture))
    expect([...loaded.formats.values()]).toEqual(['vigil', 'sloth', 'openslo'])
    expect(loaded.issues.filter((i) => i.severity === 'error')).toEqual([])
    expect(new Set(loaded.slos.map((s) => s.origin.format))).toEqual(new Set(['vigil', 'sloth', 'openslo']))
    expect(loaded.unreadable).toEqual([])
  })

  it('reports unreadable paths apart from spec issues', () => {
    const loaded = loadSloFiles([
      fixture('nowhere.yaml'),
      fileURLToPath(new URL('./fixtures', import.meta.url)),
    ])
    expect(loaded.unreadable.map((u) => u.reason)).toEqual(['no such file', 'is a directory, not a file'])
    expect(loaded.issues).toEqual([])
  })
})
