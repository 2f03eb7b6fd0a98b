// Shared e2e setup: Debian's Chromium through playwright-core, a fresh renderer build, a temp lab home.
import { existsSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { buildRenderer, rendererIsFresh } from '../../scripts/rendererBuild.mjs'

export const ROOT = path.resolve(import.meta.dirname, '../..')
export const CHROMIUM = process.env.LI2_CHROMIUM ?? '/usr/bin/chromium'
/** Why the browser e2e tests cannot run here, or null. */
export const NO_CHROMIUM = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install -y chromium, or set LI2_CHROMIUM); skipping the browser e2e tests`
/** Screenshots land here (git-ignored) for a human to look at. */
export const SHOTS = path.join(ROOT, 'test-results', 'e2e')

/** Builds out/renderer unless it is newer than its sources. */
export function ensureRendererBuilt(): void {
  if (!rendererIsFresh(ROOT)) buildRenderer(ROOT, { quiet: true })
}

/** A temp folder used as LI2_HOME, so nothing touches the user's lab. */
export function tempHome(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'li2-e2e-'))
  process.env.LI2_HOME = dir
  return dir
}

/** Headless Chromium, with the flags that keep it quiet and offline. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  })
}

/** A built renderer and `li2 serve`'s host on a temp lab home, with `configs` trained to their end through the
 *  service (as the CLI or the form would start them), in order; run ids follow the order. */
export async function labWithRuns(configs: Record<string, string | number>[]): Promise<import('../../src/server').RunningServer> {
  ensureRendererBuilt()
  const home = tempHome()
  const { startServer } = await import('../../src/server')
  const server = await startServer({ dbPath: path.join(home, 'li2.sqlite'), workers: 1 })
  const sh = server.serviceHost
  for (const config of configs) {
    const done = new Promise<void>((r) => { const off = sh.on('onRunFinished', () => { off(); r() }) })
    await sh.service.startRun({ config })
    await done
  }
  return server
}

/** Collects the page's script errors and console errors (except those matching `expected`) into `problems`. */
export function watchProblems(page: import('playwright-core').Page, problems: string[], expected?: RegExp): void {
  page.on('console', (m) => { if (m.type() === 'error' && !(expected && expected.test(m.text()))) problems.push(m.text()) })
  page.on('pageerror', (e) => problems.push(e.message))
}

/** One run written straight into a lab's store (no training): its config (li2 train flags) and its metric rows. */
export interface StoredRun { config: Record<string, string | number>; rows: import('../../src/store').MetricRow[] }

/** Writes `runs` as finished runs into the store at `dbPath` (summary and stage marks derived from the rows, as the
 *  training loop writes them), in order; returns their ids. */
export async function writeStoredRuns(dbPath: string, runs: StoredRun[]): Promise<number[]> {
  const { openStore } = await import('../../src/store')
  const { resolveConfig } = await import('../../src/core/config')
  const { summarizeRun } = await import('../../src/runner/summary')
  const store = openStore(dbPath)
  try {
    return runs.map(({ config, rows }) => {
      const id = store.createRun(resolveConfig(config), { status: 'finished' })
      store.appendMetrics(id, rows)
      const { summary, stages } = summarizeRun(store, id)
      store.updateRun(id, { summary, stages, epochsDone: rows.at(-1)?.epoch ?? 0 })
      return id
    })
  } finally {
    store.close()
  }
}

/** A built renderer and `li2 serve`'s host on a temp lab home holding `runs` written straight into its store (fast:
 *  nothing trains, so curves can be as long as a test needs). */
export async function labWithStoredRuns(runs: StoredRun[]): Promise<import('../../src/server').RunningServer> {
  ensureRendererBuilt()
  const dbPath = path.join(tempHome(), 'li2.sqlite')
  await writeStoredRuns(dbPath, runs)
  const { startServer } = await import('../../src/server')
  return startServer({ dbPath, workers: 1 }) // a server subscribes to run events, which needs a runner (it starts no worker until a run does)
}

/** Grokking-shaped synthetic metrics, epochs 0…epochs: train acc rises by `memorizeAt`, test acc jumps near `grokAt`,
 *  losses fall, weights shrink with `wd`; `seed` adds a small deterministic wobble so seeds differ. */
export function grokkingRows(epochs: number, o: { grokAt: number; memorizeAt?: number; wd?: number; seed?: number }): import('../../src/store').MetricRow[] {
  const s = o.seed ?? 0
  const mem = o.memorizeAt ?? o.grokAt / 5
  const sig = (x: number) => 1 / (1 + Math.exp(-x))
  return Array.from({ length: epochs + 1 }, (_, e) => {
    const wobble = 0.01 * Math.sin(e / 37 + s * 1.7)
    const train = sig((e - mem) / (mem / 6 + 1))
    const test = Math.min(1, Math.max(0, 0.02 + 0.98 * sig((e - o.grokAt) / (o.grokAt / 20 + 1)) + wobble))
    return {
      epoch: e, train_acc: Math.min(1, train), test_acc: test, train_loss: 1.2 * (1 - train) + 1e-3, test_loss: 1.2 * (1 - test) + 2e-3,
      gf_norm: 1 / (1 + e / 50) + 0.05 * (1 + wobble), w_norm: 10 * Math.exp(-(o.wd ?? 0) * e) + 1, v_norm: 5 + 2 * sig((e - mem) / 50),
      dw_cos: 0.1 / (1 + e / 100), dv_cos: 0.05 / (1 + e / 100),
    }
  })
}
