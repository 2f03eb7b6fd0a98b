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
