// The layer lint has teeth: .dependency-cruiser.cjs, run through dependency-cruiser's API, names every rule on a
// fixture tree of wrong-way imports (one through a tsconfig path alias), and finds nothing in the real src/.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cruise, type ICruiseResult } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const REPO = path.resolve(__dirname, '..')
const CONFIG = path.join(REPO, '.dependency-cruiser.cjs')

/** `rule: from → to` for each violation of the config, cruising `src` under baseDir with baseDir's tsconfig.json,
 *  from baseDir as `npm run lint` runs from the repo root (tsconfig-paths resolves an absent baseUrl from the cwd). */
async function violations(baseDir: string): Promise<string[]> {
  const tsConfigFile = path.join(baseDir, 'tsconfig.json')
  const options = { ...(await extractDepcruiseOptions(CONFIG)), baseDir, tsConfig: { fileName: tsConfigFile }, outputType: 'json' as const }
  const cwd = process.cwd()
  process.chdir(baseDir) // vitest runs this file in a forked process (pool: 'forks'), where chdir is allowed
  const { output } = await cruise(['src'], options, {}, { tsConfig: extractTSConfig(tsConfigFile) }).finally(() => process.chdir(cwd))
  const result: ICruiseResult = typeof output === 'string' ? JSON.parse(output) : output
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^.*node_modules\//, 'node_modules/')}`).sort()
}

// Each wrong-way import names the rule it breaks; the allowed ones sit beside them, so a rule that fires too
// widely shows up as an extra line.
const FIXTURE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'bundler', paths: { '@store/*': ['./src/store/*'] } } }),
  'src/core/a.ts': "import { db } from '@store/db' // core-imports-only-below, through the alias\nexport const a = db",
  'src/core/b.ts': "import { a } from './a'\nexport const b = a",
  'src/store/db.ts': "import type Database from 'better-sqlite3'\nimport { b } from '../core/b'\nexport const db: Database.Database | number = b",
  'src/store/jobs.ts': "import { p } from '../runner/pool' // store-imports-only-below\nexport const j = p",
  'src/runner/r.ts': "import { svc } from '../api/service' // runner-imports-only-below\nexport const r = svc",
  'src/runner/pool.ts': "import { Worker } from 'node:worker_threads'\nimport { db } from '../store/db'\nexport const p = [Worker, db]",
  'src/runner/sql.ts': "import Database from 'better-sqlite3' // sqlite-only-in-store\nexport const s = Database",
  'src/api/contract.ts': 'export type T = number',
  'src/api/service.ts': "import { main } from '../cli/main' // api-imports-only-below\nimport { p } from '../runner/pool'\nexport const svc = [main, p]",
  'src/shared/csp.ts': "import { db } from '../store/db' // shared-imports-only-core\nexport const csp = db",
  'src/main/security.ts': 'export const sec = 1',
  'src/main/index.ts': "import { app } from 'electron'\nimport { csp } from '../shared/csp'\nimport { svc } from '../api/service'\nimport { db } from '../store/db'\nexport const m = [app, csp, svc, db]",
  'src/server/httpAdapter.ts': 'export const h = 1',
  'src/server/index.ts': "import { sec } from '../main/security' // hosts-keep-out-of-each-other\nimport { h } from './httpAdapter'\nexport const startServer = [sec, h]",
  'src/server/window.ts': "import { BrowserWindow } from 'electron' // electron-only-in-main-preload\nexport const w = BrowserWindow",
  'src/cli/main.ts': "import { startServer } from '../server'\nimport { h } from '../server/httpAdapter' // hosts-keep-out-of-each-other\nexport const main = [startServer, h]",
  'src/cli/odd.ts': "import { t } from '../tools/t' // hosts-import-only-known-folders\nexport const o = t",
  'src/cli/alias.ts': "import { x } from '@ui/x' // imports-resolve: no such alias in tsconfig.json\nexport const y = x",
  'src/cli/ui.ts': "import { ref } from 'vue' // ui-packages-only-in-renderer\nexport const u = ref",
  'src/tools/t.ts': 'export const t = 1',
  'src/api/chart.ts': "import { init } from 'echarts' // echarts-in-renderer-and-figures: only the figure renderer (api/figures) draws headless\nexport const e = init",
  'src/api/figures/ok.ts': "import { init } from 'echarts'\nexport const f = init",
  'src/renderer/src/client.ts': "import type { T } from '../../api/contract'\nimport { ref } from 'vue'\nimport { svc } from '../../api/service' // renderer-sees-only-the-contract\nexport const c: T = 1\nexport const k = [ref, svc]",
  'src/renderer/src/Threads.vue': "<script setup lang=\"ts\">\nimport { Worker } from 'node:worker_threads' // worker-threads-only-in-runner\nimport { c } from './client'\nconst x = [Worker, c]\n</script>\n<template><div /></template>",
}

const EXPECTED = [
  'api-imports-only-below: src/api/service.ts → src/cli/main.ts',
  'core-imports-only-below: src/core/a.ts → src/store/db.ts',
  'echarts-in-renderer-and-figures: src/api/chart.ts → node_modules/echarts/types/dist/all.d.ts',
  'electron-only-in-main-preload: src/server/window.ts → node_modules/electron/index.js',
  'imports-resolve: src/cli/alias.ts → @ui/x',
  'hosts-import-only-known-folders: src/cli/odd.ts → src/tools/t.ts',
  'hosts-keep-out-of-each-other: src/cli/main.ts → src/server/httpAdapter.ts',
  'hosts-keep-out-of-each-other: src/server/index.ts → src/main/security.ts',
  'renderer-sees-only-the-contract: src/renderer/src/client.ts → src/api/service.ts',
  'runner-imports-only-below: src/runner/r.ts → src/api/service.ts',
  'shared-imports-only-core: src/shared/csp.ts → src/store/db.ts',
  'store-imports-only-below: src/store/jobs.ts → src/runner/pool.ts',
  'sqlite-only-in-store: src/runner/sql.ts → node_modules/better-sqlite3/lib/index.js',
  'ui-packages-only-in-renderer: src/cli/ui.ts → node_modules/vue/dist/vue.d.mts',
  'worker-threads-only-in-runner: src/renderer/src/Threads.vue → worker_threads',
]

describe('layer lint (.dependency-cruiser.cjs)', () => {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'li2-lint-'))
    for (const [file, text] of Object.entries(FIXTURE)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
      writeFileSync(path.join(dir, file), text)
    }
    // real packages resolve the way they do in the repo (electron, better-sqlite3, vue)
    symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('names each rule at the wrong-way import that breaks it, and only there', async () => {
    expect(await violations(dir)).toEqual([...EXPECTED].sort())
  })

  it('every rule in the config is exercised by the fixture', async () => {
    const { ruleSet } = await extractDepcruiseOptions(CONFIG)
    const fired = new Set(EXPECTED.map((line) => line.split(':')[0]))
    expect((ruleSet?.forbidden ?? []).map((r) => r.name).filter((n) => !fired.has(n!))).toEqual([])
  })

  it('the real src/ passes with no violations', async () => {
    expect(await violations(REPO)).toEqual([])
  })
})
