/** Bench: the runs table at 10,000 runs (issue 12). Writes the runs straight into a temp store as training leaves them
 *  (most finished with a summary; interrupted and cancelled ones without, so readers derive theirs from the metrics),
 *  times the service's listRuns({ limit: 20000 }), then in Debian's Chromium via `li2 serve`'s host: navigation → first
 *  rows drawn, a header click → the re-sorted rows drawn, the rows in the DOM and the page's JS heap. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { createService } from '../src/api/service'
import { resolveConfig } from '../src/core/config'
import { summarizeRun } from '../src/runner/summary'
import { openStore, type Store } from '../src/store'
import { buildRenderer, rendererIsFresh } from '../scripts/rendererBuild.mjs'

const N = 10_000
/** Metrics rows per run: a short series (eval every 10 epochs of 300), as small sweeps store. */
const ROWS = 30
const CHROMIUM = process.env.LI2_CHROMIUM ?? '/usr/bin/chromium'
const ROOT = path.resolve(import.meta.dirname, '..')

/** Writes N runs: 85% finished (summary written, as trainJob does at the end), 10% interrupted and 5% cancelled (none). */
function fill(store: Store): void {
  const groups = ['23', '29', '31', '37', 'S4', 'D7']
  const optims = ['adam', 'adamw', 'sgd', 'muon']
  for (let i = 0; i < N; i++) {
    const status = i % 20 === 0 ? 'cancelled' : i % 10 === 1 ? 'interrupted' : 'finished'
    const cfg = resolveConfig({ group: groups[i % groups.length]!, hidden: 64, epochs: 300, optim: optims[i % 4]!, lr: 1e-3 * (1 + (i % 7)), wd: (i % 5) * 1e-3, seed: i % 50, 'train-frac': 0.3 + (i % 6) / 10 })
    const id = store.createRun(cfg, { status })
    const grok = i % 3 === 0 ? 100 + (i % 150) : Infinity
    store.appendMetrics(id, Array.from({ length: ROWS }, (_, k) => {
      const epoch = k * 10
      return { epoch, train_acc: Math.min(1, k / 10), test_acc: epoch >= grok ? 0.97 : 0.3 * (k / ROWS), train_loss: 1 / (k + 1), test_loss: 1 / (k + 1) + 0.2 }
    }))
    if (status === 'finished') store.updateRun(id, { ...summarizeRun(store, id), epochsDone: 300, msPerStep: 1 + (i % 9) / 3 })
    else store.updateRun(id, { epochsDone: (ROWS - 1) * 10 })
    if (i % 11 === 0) store.setTags(id, ['sweep-a', i % 2 ? 'grok' : 'base'])
  }
}

// in-page code as source text: tsx would wrap functions passed to page.evaluate in a __name() the page does not have
const FIRST_ROW_AT = `document.querySelector('tbody [data-testid^="run-row-"]') && performance.now()`
/** The longest listRuns request's duration (request start → response end), ms. */
const API_TIME = `Math.max(...performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/listRuns')).map((e) => e.responseEnd - e.startTime))`
/** Clicks a sort header and resolves with the ms until the frame the top row changed in (NaN after 10 s: it did not). */
const SORT_CLICK = `(key) => new Promise((resolve) => {
  const top = () => document.querySelector('tbody [data-testid^="run-row-"]')?.getAttribute('data-testid')
  const before = top()
  const t0 = performance.now()
  document.querySelector('[data-testid="sort-' + key + '"]').click()
  const tick = () => (top() !== before ? resolve(performance.now() - t0) : requestAnimationFrame(tick))
  requestAnimationFrame(tick)
  setTimeout(() => resolve(NaN), 10000)
})`

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`

/** 10,000 runs: listRuns, first rows in Chromium, a sort click, JS heap. */
export async function benchRunsTable(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-bench-table-'))
  const dbPath = path.join(dir, 'li2.sqlite')
  try {
    let t0 = performance.now()
    const store = openStore(dbPath)
    fill(store)
    store.close()
    console.log(`wrote ${N} runs × ${ROWS} metric rows in ${ms(t0)}`)

    const h = await createService({ dbPath, workers: 1 }) // the server listens for run events (a runner); nothing trains
    for (let pass = 1; pass <= 3; pass++) {
      t0 = performance.now()
      const c0 = process.cpuUsage()
      const runs = await h.service.listRuns({ limit: 20000 })
      const c = process.cpuUsage(c0)
      // CPU time too: on a shared, loaded machine the wall clock says more about the neighbours than about this code
      console.log(`service listRuns({ limit: 20000 }) pass ${pass}: ${runs.length} runs in ${ms(t0)} (${((c.user + c.system) / 1000).toFixed(0)} ms CPU)`)
    }
    t0 = performance.now()
    const json = JSON.stringify(await h.service.listRuns({ limit: 20000 }))
    console.log(`  as JSON: ${(json.length / 1e6).toFixed(1)} MB (${ms(t0)} with serialization)`)

    if (!fs.existsSync(CHROMIUM)) { console.log(`${CHROMIUM} missing: no browser figures`); await h.close(); return }
    if (!rendererIsFresh(ROOT)) buildRenderer(ROOT, { quiet: true })
    const { startServer } = await import('../src/server')
    const server = await startServer({ serviceHost: h })
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] })
    try {
      for (let pass = 1; pass <= 2; pass++) {
        const page = await browser.newPage({ viewport: { width: 1360, height: 800 }, bypassCSP: true }) // the probes below are evaluated source text
        await page.goto(server.url, { waitUntil: 'commit' })
        // performance.now() is ms since navigation start; polled each frame, so this is the frame the rows appeared in
        const first = Number(await (await page.waitForFunction(FIRST_ROW_AT, null, { polling: 'raf', timeout: 60_000 })).jsonValue())
        const drawn = await page.locator('tbody [data-testid^="run-row-"]').count()
        // where the first rows' time went: the page's listRuns request (server + 5 MB over loopback), the rest is the page
        const api = Number(await page.evaluate(API_TIME))
        const cdp = await page.context().newCDPSession(page)
        await cdp.send('Performance.enable')
        // the page's own CPU for each click (script, style, layout), which a loaded machine's wall clock overstates
        const busy = async () => {
          const m = new Map((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]))
          return ['ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'].map((k) => (m.get(k) ?? 0) * 1000)
        }
        const sorts: string[] = []
        for (const key of ['testAcc', 'testAcc', 'grok', 'group']) {
          const b0 = await busy()
          const wall = Number(await page.evaluate(`(${SORT_CLICK})(${JSON.stringify(key)})`))
          const [script, style, layout] = (await busy()).map((v, i) => v - b0[i]!)
          sorts.push(`${key} ${wall.toFixed(0)} ms (script ${script!.toFixed(0)}, style ${style!.toFixed(0)}, layout ${layout!.toFixed(0)})`)
        }
        await cdp.send('HeapProfiler.collectGarbage')
        const { metrics } = await cdp.send('Performance.getMetrics')
        const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN
        const nodes = metrics.find((m) => m.name === 'Nodes')?.value ?? NaN
        console.log(`chromium pass ${pass}: first rows drawn ${first.toFixed(0)} ms after navigation (of which the listRuns request ${api.toFixed(0)} ms; ${drawn} rows in the DOM of ${N}); ` +
          `sort click → re-sorted rows drawn: ${sorts.join(', ')}; JS heap ${(heap / 2 ** 20).toFixed(1)} MiB, ${nodes} DOM nodes`)
        await page.close()
      }
    } finally {
      await browser.close()
      await server.close()
      await h.close()
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
