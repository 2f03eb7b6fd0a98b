// The lab notebook in Debian's Chromium against a real `startServer` on a store written directly (nothing trains):
// an entry written in the editor embeds a run's chart and a sweep's phase diagram, both drawn from the store; search
// finds it with the match marked; a run chart exports as SVG from the UI with its provenance inside, the CSV beside it
// and a notebook entry recording it; deleting the embedded run warns first and the entry then shows what it was.
// Screenshots under test-results/e2e/notebook-*.png.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from '../../src/server'
import { ensureRendererBuilt, grokkingRows, launchChromium, NO_CHROMIUM, SHOTS, tempHome, watchProblems } from './helpers'

if (NO_CHROMIUM) console.warn(NO_CHROMIUM)

/** A lab with run 1 (a grokking curve) and a small sweep over groups 11 and 13 at two training fractions. */
async function lab(): Promise<{ server: RunningServer; sweepId: number }> {
  ensureRendererBuilt()
  const dbPath = path.join(tempHome(), 'li2.sqlite')
  const { openStore } = await import('../../src/store')
  const { resolveConfig } = await import('../../src/core/config')
  const { summarizeRun } = await import('../../src/runner/summary')
  const store = openStore(dbPath)
  const write = (config: Record<string, string | number>, rows: ReturnType<typeof grokkingRows>, sweepId: number | null = null) => {
    const id = store.createRun(resolveConfig(config), { status: 'finished', sweepId })
    store.appendMetrics(id, rows)
    const { summary, stages } = summarizeRun(store, id)
    store.updateRun(id, { summary, stages, epochsDone: rows.at(-1)?.epoch ?? 0 })
    return id
  }
  write({ group: '11', hidden: 16, epochs: 400, wd: 1e-3, 'train-frac': 0.5, seed: 1 }, grokkingRows(400, { grokAt: 220, wd: 1e-3 }))
  const sweepId = store.createSweep('notebook-fixture', { name: 'notebook-fixture' })
  for (const group of ['11', '13']) for (const p of [0.3, 0.7]) {
    // small p memorizes (test acc stays low), large p generalizes: a boundary between them
    const rows = grokkingRows(60, { grokAt: p > 0.5 ? 20 : 10_000 })
    write({ group, hidden: 16, epochs: 60, wd: 1e-3, 'train-frac': p, seed: 1 }, rows, sweepId)
  }
  store.close()
  const { startServer } = await import('../../src/server')
  return { server: await startServer({ dbPath, workers: 1 }), sweepId }
}

describe.skipIf(!!NO_CHROMIUM)('the lab notebook (li2 serve)', () => {
  let server: RunningServer
  let sweepId: number
  let browser: Browser
  let page: Page
  const problems: string[] = []
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `notebook-${name}.png`), fullPage: true })

  beforeAll(async () => {
    ({ server, sweepId } = await lab())
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true })
    // a stored run has no spectra, so the run page's features call answers 404 (shown there as a note), and an embed of a
    // run not started yet asks getRun and is told 404 (it shows its "deleted" state); any other 404 fails below
    watchProblems(page, problems, /status of 404/)
    page.on('response', (r) => { if (r.status() === 404 && !/\/api\/(getFeatures|getRun)$/.test(new URL(r.url()).pathname)) problems.push(`404 ${r.url()}`) })
  }, 600_000)
  afterAll(async () => { await browser?.close(); await server?.close() })

  it('writes an entry that embeds a run chart and a phase diagram, both drawn from the store', async () => {
    await page.goto(`${server.url}#/notebook`)
    await page.getByTestId('notebook-empty').waitFor()
    await page.getByTestId('notebook-new').click()
    await page.getByTestId('entry-title').fill('Weight decay and the late jump')
    await page.getByTestId('entry-topic').fill('grokking')
    await page.getByTestId('entry-tags').fill('wd, z11')
    await page.getByTestId('entry-body-input').fill('## Run 1\n\nTest accuracy jumps near epoch 220, long after train accuracy.\n')
    await page.getByTestId('insert-target').fill('1')
    await page.getByTestId('insert-chart').selectOption('acc')
    await page.getByTestId('insert-go').click()
    await expect.poll(() => page.getByTestId('entry-body-input').inputValue()).toContain('"kind":"run-chart","run":1,"chart":"acc"')
    await page.getByTestId('entry-body-input').press('End')
    await page.getByTestId('entry-body-input').pressSequentially('\nThe phase boundary of the sweep:\n')
    await page.getByTestId('insert-kind').selectOption('phase')
    await page.getByTestId('insert-target').fill(String(sweepId))
    await page.getByTestId('insert-go').click()
    await expect.poll(() => page.getByTestId('entry-body-input').inputValue()).toContain(`"kind":"phase","sweep":"${sweepId}"`)
    const body = await page.getByTestId('entry-body-input').inputValue()
    expect(body).toMatch(/"snapshot":"run 1: group 11, hidden 16, adam lr [\d.e-]+, wd 0.001, seed 1, p 0.5, 400\/400 epochs/)
    await page.getByTestId('embed-phase').first().waitFor() // the preview draws the embeds while editing
    await shot('editor')
    await page.getByTestId('entry-save').click()
    const entry = page.getByTestId('notebook-entry')
    await entry.waitFor()
    await expect.poll(async () => Number(await entry.getByTestId('embed-run-chart').getAttribute('data-points')), { timeout: 20_000 }).toBe(401)
    await expect.poll(() => entry.getByTestId('embed-phase').getAttribute('data-panels'), { timeout: 20_000 }).toBe('1')
    await entry.getByTestId('embed-phase').locator('canvas').first().waitFor()
    expect(await entry.getByTestId('embed-run-chart').getByTestId('embed-open').getAttribute('href')).toBe('#/runs/1')
    expect(await entry.getByTestId('embed-phase').getByTestId('embed-open').getAttribute('href')).toBe(`#/phase?sweep=${sweepId}`)
    const [stored] = await server.serviceHost.service.listEntries({})
    expect(stored).toMatchObject({ title: 'Weight decay and the late jump', topic: 'grokking', tags: ['wd', 'z11'], runIds: [1] })
    await page.waitForTimeout(300) // let the charts finish their first paint for the screenshot
    await shot('entry')
    // the entry as one self-contained HTML file: both embeds drawn as inline SVG
    const html = page.waitForEvent('download')
    await page.getByTestId('entry-export-html').click()
    const text = fs.readFileSync((await (await html).path())!, 'utf8')
    expect((await html).suggestedFilename()).toBe('weight-decay-and-the-late-jump.html')
    expect(text.match(/<svg/g)?.length).toBe(2)
    expect(text).not.toMatch(/<script|<link|src="http/)
  })

  it('finds the entry by search, the match marked, and narrows by topic and tag', async () => {
    await server.serviceHost.service.createEntry({ title: 'Muon widths', topic: 'optimizers', body: 'Muon covers every irrep.', tags: ['muon'] })
    await page.goto(`${server.url}#/notebook`)
    await page.getByTestId('notebook-search').fill('jump')
    const hits = page.locator('[data-testid^="notebook-hit-"]')
    await expect.poll(() => hits.count()).toBe(1)
    expect(await hits.first().locator('mark').first().textContent()).toBe('jumps') // a prefix: the whole word it matched is marked
    await shot('search')
    await page.getByTestId('notebook-search').fill('irre')
    await expect.poll(() => hits.first().textContent()).toContain('Muon widths')
    await page.getByTestId('notebook-search').fill('')
    await expect.poll(() => hits.count()).toBe(2)
    await page.getByTestId('notebook-topic').selectOption('grokking')
    await expect.poll(() => hits.count()).toBe(1)
    await page.getByTestId('notebook-topic').selectOption('')
    await page.getByTestId('notebook-tag').selectOption('muon')
    await expect.poll(() => hits.first().textContent()).toContain('Muon widths')
    await page.getByTestId('notebook-tag').selectOption('')
  })

  it('exports a run chart as SVG at a venue width from the UI, the CSV beside it, recorded in the notebook', async () => {
    await page.goto(`${server.url}#/runs/1`)
    const chart = page.getByTestId('chart-acc')
    await expect.poll(() => chart.getAttribute('data-has-data'), { timeout: 20_000 }).toBe('yes')
    await page.getByTestId('chart-acc-export-open').click()
    await page.getByTestId('chart-acc-export-venue').selectOption('icml-single')
    await page.getByTestId('chart-acc-export-format').selectOption('svg')
    await shot('export-menu')
    const downloads: import('playwright-core').Download[] = []
    page.on('download', (d) => downloads.push(d))
    await page.getByTestId('chart-acc-export-go').click()
    await page.getByTestId('chart-acc-export-done').waitFor({ timeout: 20_000 })
    await expect.poll(() => downloads.length).toBe(2)
    const names = downloads.map((d) => d.suggestedFilename()).sort()
    expect(names).toEqual(['run-1-accuracy-icml-single.csv', 'run-1-accuracy-icml-single.svg'])
    const svg = fs.readFileSync((await downloads.find((d) => d.suggestedFilename().endsWith('.svg'))!.path())!, 'utf8')
    expect(svg).toMatch(/<svg[^>]* width="234pt" height="145pt"/) // ICML one column: 3.25 in = 234 pt
    expect(svg).toContain('li2-provenance')
    expect(svg).toMatch(/"preset":"run-chart".*"runs":\[1\].*"venue":"icml-single"/)
    expect(svg).toContain('test acc')
    const csv = fs.readFileSync((await downloads.find((d) => d.suggestedFilename().endsWith('.csv'))!.path())!, 'utf8')
    expect(csv.split('\n')[0]).toBe('epoch,train_acc,test_acc')
    expect(csv.trim().split('\n')).toHaveLength(402)
    const [rec] = await server.serviceHost.service.listEntries({ tag: 'run-chart' })
    expect(rec).toMatchObject({ title: 'Figure: run 1 Accuracy', topic: 'figures', runIds: [1] })
    await shot('export-done')
  })

  it('exports Compare as PNG at a chosen DPI, and adds a phase diagram to the notebook from the Phase view', async () => {
    await page.goto(`${server.url}#/compare?runs=2,3`)
    await expect.poll(() => page.getByTestId('compare-chart').getAttribute('data-finished'), { timeout: 20_000 }).toBe('yes')
    await page.getByTestId('compare-export-open').click()
    await page.getByTestId('compare-export-format').selectOption('png')
    await page.getByTestId('compare-export-dpi').fill('150')
    const got = page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.png'))
    await page.getByTestId('compare-export-go').click()
    await (await got).saveAs(path.join(SHOTS, 'notebook-compare-export-file.png')) // the exported figure itself, to look at
    const png = fs.readFileSync((await (await got).path())!)
    expect(png.readUInt32BE(16)).toBe(825) // NeurIPS text width 5.5 in × 150 dpi
    await page.getByTestId('compare-export-done').waitFor()
    await shot('compare-export')
    await page.goto(`${server.url}#/phase?sweep=${sweepId}`)
    await page.getByTestId('phase-cyclic-prime-order-export-open').click()
    await page.getByTestId('phase-cyclic-prime-order-add-note').click()
    const body = page.getByTestId('entry-body-input')
    await expect.poll(() => body.inputValue(), { timeout: 20_000 }).toMatch(new RegExp(`"kind":"phase","sweep":"${sweepId}","snapshot":"sweep ${sweepId} “notebook-fixture”: 4 runs over groups 11, 13`))
    expect(await page.getByTestId('entry-title').inputValue()).toBe(`Notes on sweep ${sweepId}`)
    await page.getByTestId('entry-save').click()
    await page.getByTestId('notebook-entry').getByTestId('embed-phase').waitFor()
  })

  it('an embedded run that trains redraws in place as its progress arrives, without a reload', async () => {
    const sh = server.serviceHost
    const next = Math.max(...(await sh.service.listRuns({})).map((r) => r.id)) + 1
    const e = await sh.service.createEntry({ title: 'Live run', body: `\`\`\`li2\n{"kind":"run-chart","run":${next},"chart":"loss"}\n\`\`\`` })
    await page.goto(`${server.url}#/notebook/${e.id}`)
    const embed = page.getByTestId('embed-run-chart')
    await expect.poll(() => embed.getAttribute('data-gone')).toBe('yes') // not started yet
    const finished = new Promise<void>((r) => { const off = sh.on('onRunFinished', () => { off(); r() }) })
    const { id } = await sh.service.startRun({ config: { group: '11', hidden: 8, epochs: 150, lr: 1e-2, wd: 1e-3, 'diag-every': 50, seed: 3 } })
    expect(id).toBe(next)
    await finished
    const rows = (await sh.service.getMetrics({ id, columns: ['train_loss'] })).epoch.length
    await expect.poll(async () => Number(await embed.getAttribute('data-points')), { timeout: 20_000 }).toBe(rows)
    expect(await embed.getAttribute('data-gone')).toBe('no')
    await shot('live-run')
  })

  it('embeds an energy census and a run\'s features heatmap, drawn with the Energy and Features views\' charts', async () => {
    const sh = server.serviceHost
    const done = new Promise<void>((r) => { const off = sh.on('onCensusProgress', (p) => { if (p.status !== 'running') { off(); r() } }) })
    const { id: census } = await sh.service.startCensus({ group: '5', trainFrac: 1, restarts: 12, seed: 1 })
    await done
    const run = Math.max(...(await sh.service.listRuns({})).map((r) => r.id)) // the run the live test trained
    const e = await sh.service.createEntry({ title: 'Census and features', body: `Basins:\n\`\`\`li2\n{"kind":"census","census":${census}}\n\`\`\`\nNodes × irreps:\n\`\`\`li2\n{"kind":"features","run":${run}}\n\`\`\`` })
    await page.goto(`${server.url}#/notebook/${e.id}`)
    await expect.poll(() => page.getByTestId('embed-census').getAttribute('data-drawn'), { timeout: 20_000 }).toBe('yes')
    await expect.poll(() => page.getByTestId('embed-features').getAttribute('data-drawn'), { timeout: 20_000 }).toBe('yes')
    await page.getByTestId('embed-features').locator('canvas').first().waitFor()
    await page.waitForTimeout(300) // first paint, for the screenshot
    await shot('census-features')
  })

  it('warns before trashing a run an entry embeds, and the entry then shows what the run was', async () => {
    await page.goto(`${server.url}#/runs`)
    let message = ''
    page.once('dialog', (d) => { message = d.message(); void d.accept() })
    await page.getByTestId('run-delete-1').click()
    await expect.poll(() => message).toMatch(/^Run 1 is embedded in 2 notebook entries: “Figure: run 1 Accuracy”, “Weight decay and the late jump”/)
    await expect.poll(async () => (await server.serviceHost.service.getRun({ id: 1 })).deletedAt).not.toBeNull()
    const [e] = await server.serviceHost.service.listEntries({ q: 'late jump' })
    await page.goto(`${server.url}#/notebook/${e!.id}`)
    const gone = page.getByTestId('embed-gone')
    await expect.poll(() => gone.textContent(), { timeout: 20_000 }).toMatch(/^run 1 \(in the trash\): group 11, hidden 16/)
    await shot('trashed-run')
    // emptying the trash names the embedded run in its question
    await page.goto(`${server.url}#/trash`)
    await page.getByTestId('trash-empty').click()
    await expect.poll(() => page.getByTestId('trash-embedded').textContent()).toBe('Notebook entries embed run 1; they will show what it was.')
    await shot('trash-ask')
    await page.getByTestId('trash-keep').click()
    expect(problems).toEqual([])
  })
})
