import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// Layers point one way: core ← store ← runner ← api ← hosts. A layer may import only layers before it.
// The quick twin of `npm run lint` (.dependency-cruiser.cjs, test/lint.test.ts): a regex over imports, resolved
// relative or through tsconfig path aliases.
const REPO = path.resolve(__dirname, '..')
const ROOT = path.join(REPO, 'src')
const ORDER = ['core', 'store', 'runner', 'api']
const HOSTS = ['main', 'preload', 'renderer', 'server', 'cli']
// pure helpers no host owns (src/shared/csp.ts): hosts may import it; it imports only core
const SHARED = 'shared'
// another host's entry point, the one door into it (`li2 serve` starts the headless host through it)
const HOST_ENTRIES = ['server/index']
const PACKAGE_HOME: Record<string, string[]> = {
  electron: ['main', 'preload'],
  'better-sqlite3': ['store'],
  worker_threads: ['runner'],
  vue: ['renderer'],
  'vue-router': ['renderer'],
  pinia: ['renderer'],
  echarts: ['renderer', 'api'], // api only under api/figures (the headless figure renderer); the dependency-cruiser rule is exact
}

interface Alias { prefix: string; suffix: string; wildcard: boolean; targets: string[] }

/** tsconfig `paths` as prefix/suffix patterns with absolute targets (relative to baseUrl, else the tsconfig's folder). */
function aliasesOf(paths: Record<string, string[]>, base: string): Alias[] {
  return Object.entries(paths).map(([pattern, targets]) => {
    const [prefix, suffix = ''] = pattern.split('*')
    return { prefix, suffix, wildcard: pattern.includes('*'), targets: targets.map((t) => path.resolve(base, t)) }
  })
}

/** The aliases tsc itself sees in a tsconfig (comments and `extends` handled by TypeScript's own reader). */
function tsconfigAliases(file: string): Alias[] {
  const { config } = ts.readConfigFile(file, ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(file))
  const base = options.baseUrl ?? (options as { pathsBasePath?: string }).pathsBasePath ?? path.dirname(file)
  return aliasesOf(options.paths ?? {}, base)
}

const EXTENSIONS = ['', '.ts', '.d.ts', '.vue', '/index.ts']
const isFile = (p: string) => existsSync(p) && statSync(p).isFile()
/** The file a resolved path names, the way the bundler resolves it (`../server` → `../server/index.ts`), if any. */
const fileOf = (p: string) => EXTENSIONS.map((ext) => p + ext).find(isFile)

/** The absolute path an import names (relative, or through an alias; `?query` dropped), or null for a package. */
function resolveSpec(fromFile: string, spec: string, aliases: Alias[]): string | null {
  const bare = spec.replace(/\?.*$/, '')
  if (bare.startsWith('.')) { const abs = path.resolve(path.dirname(fromFile), bare); return fileOf(abs) ?? abs }
  for (const a of aliases) {
    const hit = a.wildcard ? bare.startsWith(a.prefix) && bare.endsWith(a.suffix) && bare.length >= a.prefix.length + a.suffix.length : bare === a.prefix
    if (!hit) continue
    const star = a.wildcard ? bare.slice(a.prefix.length, bare.length - a.suffix.length) : ''
    const candidates = a.targets.map((t) => t.replace('*', star))
    // tsc tries the targets in order; the first that names a file wins
    return candidates.map(fileOf).find((f) => f !== undefined) ?? candidates[0]
  }
  return null
}

/** The package a bare specifier names: `echarts/core` → echarts, `@scope/pkg/x` → @scope/pkg, `node:fs` → fs. */
const packageOf = (spec: string) => spec.replace(/^node:/, '').split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/')

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
const inSrc = (abs: string) => !path.relative(ROOT, abs).startsWith('..')
const srcPath = (abs: string) => path.relative(ROOT, abs).split(path.sep).join('/').replace(/\.(ts|vue)$/, '')

describe('architecture', () => {
  const all = files(ROOT)
  const aliases = tsconfigAliases(path.join(REPO, 'tsconfig.json'))
  const packages = (f: string) => imports(f).filter((s) => resolveSpec(f, s, aliases) === null)

  it('resolves tsconfig path aliases (tsconfig.json declares none today; this pins the resolver for when it does)', () => {
    const a = aliasesOf({ '@store/*': ['src/nowhere/*', 'src/store/*'], '@contract': ['src/api/contract.ts'] }, REPO)
    expect(resolveSpec(path.join(ROOT, 'core/x.ts'), '@store/store', a)).toBe(path.join(ROOT, 'store/store.ts'))
    expect(resolveSpec(path.join(ROOT, 'cli/x.ts'), '@contract', a)).toBe(path.join(ROOT, 'api/contract.ts'))
    expect(resolveSpec(path.join(ROOT, 'main/index.ts'), '../runner/trainWorker?modulePath', a)).toBe(path.join(ROOT, 'runner/trainWorker.ts'))
    expect(resolveSpec(path.join(ROOT, 'cli/commands/serve.ts'), '../../server', a)).toBe(path.join(ROOT, 'server/index.ts'))
    expect(resolveSpec(path.join(ROOT, 'core/x.ts'), '@tensorflow/tfjs-core', a)).toBeNull()
  })

  it('layers import only the layers before them; hosts stay apart; the renderer sees only the contract', () => {
    const bad: string[] = []
    for (const f of all) {
      const from = layerOf(f)
      for (const spec of imports(f)) {
        const target = resolveSpec(f, spec, aliases)
        if (target === null || !inSrc(target)) continue
        const to = layerOf(target)
        if (to === from) continue
        const line = `${path.relative(ROOT, f)} → ${spec}`
        if (from === 'renderer') { if (srcPath(target) !== 'api/contract') bad.push(line); continue }
        if (from === SHARED) { if (to !== 'core') bad.push(line); continue }
        if (HOSTS.includes(from)) { if (HOSTS.includes(to) ? !HOST_ENTRIES.includes(srcPath(target)) : !ORDER.includes(to) && to !== SHARED) bad.push(line); continue }
        const fi = ORDER.indexOf(from), ti = ORDER.indexOf(to)
        if (fi >= 0 && (ti < 0 || ti > fi)) bad.push(line)
      }
    }
    expect(bad).toEqual([])
  })
  it('core uses no Node, DOM, Electron or SQLite module', () => {
    const bad = all.filter((f) => layerOf(f) === 'core').flatMap((f) => packages(f).filter((s) => s.startsWith('node:') || ['fs', 'path', 'os', 'electron', 'better-sqlite3', 'vue'].includes(packageOf(s))).map((s) => `${path.relative(ROOT, f)}: ${s}`))
    expect(bad).toEqual([])
  })
  it('packages stay in their folders', () => {
    const bad: string[] = []
    for (const f of all) for (const s of packages(f)) {
      const home = PACKAGE_HOME[packageOf(s)]
      if (home && !home.includes(layerOf(f))) bad.push(`${path.relative(ROOT, f)}: ${s}`)
    }
    expect(bad).toEqual([])
  })
})
