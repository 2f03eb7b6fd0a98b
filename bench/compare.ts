/** Bench: the Compare view on 50 runs × 10,000 epochs (5 wd values × 10 seeds, written straight into a temp store):
 *  time from navigation to the chart's first complete draw (ECharts' 'finished' after data, the chart's
 *  data-finished attribute) and the page's JS heap (CDP Performance.getMetrics), grouped by config (the default) and one
 *  line per run, cold (a fresh page) and warm (the app running, then a navigation within it). Goal on a 2-core machine:
 *  < 1 s and < 150 MB. LI2_BENCH_CASE=i runs one case; LI2_BENCH_TRACE=1 prints the page's request timeline and
 *  LI2_BENCH_PROFILE=1 its top self-time functions (CDP Profiler), which is how the fixes here were found. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureRendererBuilt, grokkingRows, launchChromium, NO_CHROMIUM, SHOTS, writeStoredRuns } from '../test/e2e/helpers'

const RUNS = 50
const EPOCHS = 10_000
const WDS = [0, 1e-4, 3e-4, 1e-3, 3e-3]
const ALL_CASES = [['grouped (5 lines + bands)', ''], ['per run (50 lines)', '&group=none'], ['per run, test loss log y', '&group=none&metric=test_loss']] as const
/** LI2_BENCH_CASE=1 runs only the second case (profiling one at a time). */
const CASES = process.env.LI2_BENCH_CASE ? [ALL_CASES[Number(process.env.LI2_BENCH_CASE)]!] : ALL_CASES

export async function benchCompare(): Promise<void> {
  if (NO_CHROMIUM) { console.log(NO_CHROMIUM); return }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-bench-compare-'))
  process.env.LI2_HOME = dir
  const dbPath = path.join(dir, 'li2.sqlite')
  let t = performance.now()
  const ids = await writeStoredRuns(dbPath, Array.from({ length: RUNS }, (_, i) => {
    const wd = WDS[i % WDS.length]!, seed = Math.floor(i / WDS.length) + 1
    return { config: { group: '71', hidden: 512, epochs: EPOCHS, wd, seed }, rows: grokkingRows(EPOCHS, { grokAt: 2000 + 1500 * (i % WDS.length) + 97 * seed, wd, seed }) }
  }))
  console.log(`wrote ${RUNS} runs × ${EPOCHS} epochs in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  ensureRendererBuilt()
  const { startServer } = await import('../src/server')
  const server = await startServer({ dbPath, workers: 1 })
  const browser = await launchChromium()
  try {
    t = performance.now()
    for (const points of [2400, 800]) {
      t = performance.now()
      const { runs } = await server.serviceHost.service.getMetricsMany({ ids, columns: ['test_acc'], points })
      console.log(`getMetricsMany(${RUNS} runs, ${points} points each) in the service: ${(performance.now() - t).toFixed(0)} ms, ${runs.reduce((n, r) => n + r.columns.test_acc!.epoch.length, 0)} points`)
    }
    for (const [label, extra] of CASES) {
      for (const pass of ['cold', 'warm']) {
        const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } })
        page.on('pageerror', (e) => console.log('page error:', e.message))
        page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console:', m.text()) })
        const cdp = await page.context().newCDPSession(page)
        if (process.env.LI2_BENCH_PROFILE) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.start') }
        await cdp.send('Performance.enable')
        if (pass === 'warm') { // the app already running (assets cached, runs list shown), then a navigation within the page
          await page.goto(`${server.url}#/runs`)
          await page.getByTestId('runs-table').waitFor()
        }
        const url = `${server.url}#/compare?runs=${ids.join(',')}${extra}`
        const t0 = performance.now()
        await page.goto(url)
        await page.waitForSelector('[data-testid="compare-chart"][data-finished="yes"]', { timeout: 60_000 })
        const ms = performance.now() - t0
        const { metrics } = await cdp.send('Performance.getMetrics')
        const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 2 ** 20
        await cdp.send('HeapProfiler.collectGarbage')
        const after = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 2 ** 20
        if (process.env.LI2_BENCH_TRACE) {
          const res = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => `${e.name.replace(/\?.*/, '').split('/').pop()} ${e.startTime.toFixed(0)}→${(e as PerformanceResourceTiming).responseEnd.toFixed(0)}`))
          console.log(res.filter((r) => !r.startsWith('getRun')).join('\n'), `\n${res.filter((r) => r.startsWith('getRun')).length} getRun, last ${res.filter((r) => r.startsWith('getRun')).at(-1)}`, '\nnow', await page.evaluate(() => performance.now().toFixed(0)))
        }
        if (process.env.LI2_BENCH_PROFILE) {
          const { profile } = await cdp.send('Profiler.stop')
          const self = new Map<string, number>()
          const dt = profile.timeDeltas ?? []
          const byId = new Map(profile.nodes.map((n) => [n.id, n]))
          ;(profile.samples ?? []).forEach((id, i) => { const n = byId.get(id)!; const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000) })
          console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n'))
        }
        const pts = await page.getAttribute('[data-testid="compare-chart"]', 'data-points')
        console.log(`${label.padEnd(28)} ${pass}: first complete draw ${ms.toFixed(0)} ms, JS heap ${heap.toFixed(1)} MB (${after.toFixed(1)} MB after GC), ${pts} points drawn`)
        if (pass === 'cold') await page.screenshot({ path: path.join(SHOTS, `compare-bench-${label.split(' ')[0]}${extra.includes('loss') ? '-loss' : ''}.png`) })
        await page.close()
      }
    }
  } finally {
    await browser.close()
    await server.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
