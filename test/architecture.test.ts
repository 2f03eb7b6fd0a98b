import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// Layers point one way: core ← store ← runner ← api ← hosts. A layer may import only layers before it.
const ROOT = path.resolve(__dirname, '../src')
const ORDER = ['core', 'store', 'runner', 'api']
const HOSTS = ['main', 'preload', 'renderer', 'server', 'cli']
const PACKAGE_HOME: Record<string, string[]> = {
  electron: ['main', 'preload'],
  'better-sqlite3': ['store'],
  'node:worker_threads': ['runner'],
  vue: ['renderer'],
  echarts: ['renderer', 'cli', 'server'],
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f)
    return statSync(p).isDirectory() ? files(p) : /\.(ts|vue)$/.test(f) ? [p] : []
  })
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8')
  return [...src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2] ?? m[3])
}

const layerOf = (abs: string) => path.relative(ROOT, abs).split(path.sep)[0]

describe('architecture', () => {
  const all = files(ROOT)
  it('layers import only the layers before them; the renderer sees only the contract', () => {
    const bad: string[] = []
    for (const f of all) {
      const from = layerOf(f)
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) continue
        const target = path.resolve(path.dirname(f), spec)
        if (!target.startsWith(ROOT)) continue
        const to = layerOf(target)
        if (to === from) continue
        if (from === 'renderer') { if (path.relative(ROOT, target).replace(/\.ts$/, '') !== 'api/contract') bad.push(`${path.relative(ROOT, f)} → ${spec}`); continue }
        const fi = ORDER.indexOf(from), ti = ORDER.indexOf(to)
        if (HOSTS.includes(to) && !HOSTS.includes(from)) bad.push(`${path.relative(ROOT, f)} → ${spec}`)
        else if (fi >= 0 && ti > fi) bad.push(`${path.relative(ROOT, f)} → ${spec}`)
      }
    }
    expect(bad).toEqual([])
  })
  it('core uses no Node, DOM, Electron or SQLite module', () => {
    const bad = all.filter((f) => layerOf(f) === 'core').flatMap((f) => imports(f).filter((s) => s.startsWith('node:') || ['fs', 'path', 'os', 'electron', 'better-sqlite3', 'vue'].includes(s)).map((s) => `${path.relative(ROOT, f)}: ${s}`))
    expect(bad).toEqual([])
  })
  it('packages stay in their folders', () => {
    const bad: string[] = []
    for (const f of all) for (const s of imports(f)) {
      const home = PACKAGE_HOME[s]
      if (home && !home.includes(layerOf(f))) bad.push(`${path.relative(ROOT, f)}: ${s}`)
    }
    expect(bad).toEqual([])
  })
})
