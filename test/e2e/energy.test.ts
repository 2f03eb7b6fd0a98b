// The Energy page in Debian's Chromium against a real `startServer`: a Z_11 census at p = 1 runs in a worker thread and
// lists only features at E/E* = 1, then reopens from the store (list → open → the same table, nothing recomputed); bad
// input in every form is refused beside its field with the rule and stores nothing; a long census shows progress and
// cancels; a p-scan draws the feature share against p with p_c marked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from '../../src/server'
import { ensureRendererBuilt, launchChromium, NO_CHROMIUM, SHOTS, tempHome, watchProblems } from './helpers'

if (NO_CHROMIUM) console.warn(NO_CHROMIUM)

describe.skipIf(!!NO_CHROMIUM)('energy page in a browser (li2 serve)', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  const problems: string[] = []
  const stored = async () => (await server.serviceHost.service.listCensuses({})).map((c) => c.id)

  beforeAll(async () => {
    ensureRendererBuilt()
    const home = tempHome()
    const { startServer } = await import('../../src/server')
    server = await startServer({ dbPath: path.join(home, 'li2.sqlite'), workers: 1 })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1360, height: 1400 } })
    watchProblems(page, problems, /status of 400/) // a refused form call is a 400 the browser logs; the page shows it
  }, 600_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  /** The page loaded afresh (a hash change alone would keep the view mounted). */
  async function fresh(): Promise<void> {
    await page.goto(`${server.url}#/energy`)
    await page.reload()
    await page.getByTestId('census-form').waitFor()
  }

  async function fill(v: Record<string, string>): Promise<void> {
    for (const [k, x] of Object.entries(v)) await page.getByTestId(`field-${k}`).fill(x)
  }

  it('a Z_11 census at p = 1 finds only features at E/E* = 1, then reopens from the store without recomputing', async () => {
    await fresh()
    await fill({ group: '11', trainFrac: '1', restarts: '12', seed: '1' })
    await page.getByTestId('census-submit').click()
    await expect.poll(() => page.getByTestId('census-status').textContent(), { timeout: 60_000 }).toBe('done')
    const ratios = await page.getByTestId('cell-ratio').allTextContents()
    expect(ratios.length).toBeGreaterThan(1)
    expect(new Set(ratios)).toEqual(new Set(['1.0000']))
    expect(await page.getByTestId('memorization-share').textContent()).toBe('0.0%')
    expect(await page.getByTestId('feature-share').textContent()).toBe('100.0%')
    const counts = (await page.getByTestId('cell-count').allTextContents()).map(Number)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12)
    expect(Number(await page.getByTestId('chart-basins').getAttribute('data-bars'))).toBe(ratios.length)
    const slice = page.getByTestId('chart-slice')
    await slice.waitFor()
    expect(Number(await slice.getAttribute('data-size'))).toBe(41)
    expect(Number(await slice.getAttribute('data-isolines'))).toBeGreaterThan(20)
    await page.getByTestId('chart-slice').locator('canvas').first().waitFor()
    await page.setViewportSize({ width: 1360, height: 1900 }) // the app frame scrolls inside; a taller window shows the slice whole
    await page.screenshot({ path: path.join(SHOTS, 'energy-census.png'), fullPage: true })
    await page.setViewportSize({ width: 1360, height: 1400 })

    // reopen: a fresh page, the stored list, Open → the same table; the store still holds one census, finished as before
    const table = await page.getByTestId('census-table').innerText()
    const [id] = await stored()
    const before = await server.serviceHost.service.getCensus({ id })
    await fresh()
    expect(await page.getByTestId('census-empty').isVisible()).toBe(true)
    await page.getByTestId(`census-open-${id}`).click()
    await expect.poll(() => page.getByTestId('census-status').textContent()).toBe('done')
    expect(await page.getByTestId('census-table').innerText()).toBe(table)
    expect(await stored()).toEqual([id])
    expect(await server.serviceHost.service.getCensus({ id })).toEqual(before) // same finish time, done count, result
    await page.getByTestId('chart-slice').locator('canvas').first().waitFor()
    await page.screenshot({ path: path.join(SHOTS, 'energy-reopened.png'), fullPage: true })
    expect(problems).toEqual([])
  })

  it('refuses bad input beside the field with the rule and stores nothing', async () => {
    await fresh()
    const list = await stored()
    const refused = async (field: string, rule: RegExp) => {
      await page.getByTestId('census-submit').click()
      await expect.poll(() => page.getByTestId(`error-${field}`).textContent()).toMatch(rule)
      expect(await page.getByTestId(`field-${field}`).getAttribute('aria-invalid')).toBe('true')
    }
    await fill({ group: 'Z_nope', trainFrac: '1', restarts: '4', seed: '0' })
    await refused('group', /Z_nope|unknown|group/i)
    await fill({ group: '11', trainFrac: '0' })
    await refused('trainFrac', /must be a number in \(0, 1\]/)
    await fill({ trainFrac: '1.5' })
    await refused('trainFrac', /must be a number in \(0, 1\]/)
    await fill({ trainFrac: 'abc' })
    await refused('trainFrac', /must be a finite number/)
    await fill({ trainFrac: '1', restarts: '0' })
    await refused('restarts', /must be ≥ 1/)
    await fill({ restarts: '4' })
    await page.getByTestId('field-table').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('[[0, 1], [1, 1]]') })
    await expect.poll(() => page.getByTestId('table-name').textContent()).toMatch(/broken\.json/)
    await refused('table', /broken\.json: /)
    await page.getByTestId('field-table').setInputFiles({ name: 'garbage.csv', mimeType: 'text/csv', buffer: Buffer.from('0,1\n1,x\n') })
    await refused('table', /garbage\.csv: /)
    await page.getByTestId('table-clear').click()
    // several broken fields at once, each beside its own input (the screenshot shows them)
    await fill({ group: 'Z_nope', trainFrac: '2' })
    await page.getByTestId('census-submit').click()
    await expect.poll(() => page.getByTestId('error-trainFrac').textContent()).toMatch(/\(0, 1\]/)
    await expect.poll(() => page.getByTestId('field-group').getAttribute('aria-invalid')).toBe('true')
    await page.screenshot({ path: path.join(SHOTS, 'energy-bad-input.png'), fullPage: true })
    expect(await stored()).toEqual(list)
  })

  it('shows progress for a long census and cancels it (kept as cancelled)', async () => {
    await fresh()
    await fill({ group: '97', trainFrac: '1', restarts: '100000', seed: '2' })
    await page.getByTestId('census-submit').click()
    const bar = page.getByTestId('census-progress')
    await expect.poll(async () => Number(await bar.getAttribute('data-done')), { timeout: 60_000 }).toBeGreaterThan(0)
    expect(await bar.getAttribute('data-total')).toBe('100000')
    await page.screenshot({ path: path.join(SHOTS, 'energy-progress.png'), fullPage: true })
    await page.getByTestId('census-cancel').click()
    await expect.poll(() => page.getByTestId('census-status').textContent()).toBe('cancelled')
    const [newest] = await server.serviceHost.service.listCensuses({ limit: 1 })
    expect(newest.status).toBe('cancelled')
  })

  it('a p-scan draws the feature share against p with p_c marked', async () => {
    await fresh()
    await page.getByTestId('mode-scan').check()
    await fill({ group: '11', pScan: '1, 0.8, 0.6, 0.4, 0.25', restarts: '6', seed: '0' })
    await page.getByTestId('census-submit').click()
    await expect.poll(() => page.getByTestId('census-status').textContent(), { timeout: 60_000 }).toBe('done')
    const chart = page.getByTestId('chart-scan')
    expect(Number(await chart.getAttribute('data-points'))).toBe(5)
    expect(Number(await chart.getAttribute('data-pc'))).toBeCloseTo(2.7482 * Math.log(11) / 11, 6)
    await chart.locator('canvas').first().waitFor()
    await page.screenshot({ path: path.join(SHOTS, 'energy-pscan.png'), fullPage: true })
    expect(problems).toEqual([])
  })
})
