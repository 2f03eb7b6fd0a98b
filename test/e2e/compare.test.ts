// The Compare view in Debian's Chromium against a real `startServer`, on runs written straight into the store (nothing
// trains): three runs that differ only in wd are named by wd alone in the legend and the config diff; three seeds of one
// config draw one group line with a band and "n=3"; the URL restores the comparison; a long run says it was downsampled
// and a zoom refetches it at full resolution; aligned on Stage III, a run that never got there is named and left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from '../../src/server'
import { grokkingRows, labWithStoredRuns, launchChromium, NO_CHROMIUM, SHOTS, watchProblems } from './helpers'

if (NO_CHROMIUM) console.warn(NO_CHROMIUM)

const tiny = { group: '11', hidden: 16, epochs: 60 }

describe.skipIf(!!NO_CHROMIUM)('compare view in a browser (li2 serve)', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  const problems: string[] = []
  const chart = () => page.getByTestId('compare-chart')
  const open = async (query: string) => {
    await page.goto(`${server.url}#/compare?${query}`)
    await expect.poll(() => chart().getAttribute('data-finished'), { timeout: 20_000 }).toBe('yes')
  }

  beforeAll(async () => {
    server = await labWithStoredRuns([
      // 1–3: one knob apart (wd), one seed
      ...[0, 1e-4, 1e-3].map((wd, i) => ({ config: { ...tiny, wd, seed: 1 }, rows: grokkingRows(60, { grokAt: 40 - 10 * i, wd, seed: 1 }) })),
      // 4–6: one config, seeds 1, 2, 3
      ...[1, 2, 3].map((seed) => ({ config: { ...tiny, group: '13', wd: 1e-4, seed }, rows: grokkingRows(60, { grokAt: 25 + 5 * seed, wd: 1e-4, seed }) })),
      // 7: long enough to be downsampled at any chart width
      { config: { ...tiny, epochs: 6000, seed: 9 }, rows: grokkingRows(6000, { grokAt: 3000, seed: 9 }) },
      // 8: memorizes and never groks within its 60 epochs, so it has no Stage III onset
      { config: { ...tiny, wd: 1e-2, seed: 1 }, rows: grokkingRows(60, { grokAt: 500, memorizeAt: 10, wd: 1e-2, seed: 1 }) },
    ])
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1360, height: 1300 } })
    watchProblems(page, problems)
  }, 600_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('names three runs by the one knob they differ in, in the legend and the config diff', async () => {
    await open('runs=1,2,3')
    expect(await chart().getAttribute('data-lines')).toBe('3')
    expect(await chart().getAttribute('data-legend')).toBe('wd=0 | wd=1e-4 | wd=0.001')
    const rows = page.locator('[data-testid^="config-row-"]')
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(['config-row-wd'])
    expect(await page.getByTestId('config-row-wd').textContent()).toMatch(/wd\s*0\s*1e-4\s*0\.001/)
    await expect.poll(() => page.getByTestId('compare-summary').locator('tbody tr').count()).toBe(3)
    await page.screenshot({ path: path.join(SHOTS, 'compare-wd.png'), fullPage: true })
    await page.getByTestId('config-all').check()
    await expect.poll(() => page.url()).toContain('knobs=all')
    await page.getByTestId('config-row-group').waitFor()
    expect(await rows.count()).toBeGreaterThan(20)
  })

  it('pools three seeds of one config into one line with a band and n=3, and keeps the ticks of the runs list in step', async () => {
    await open('runs=4,5,6')
    expect(await chart().getAttribute('data-lines')).toBe('1')
    expect(await chart().getAttribute('data-bands')).toBe('1')
    expect(await chart().getAttribute('data-legend')).toMatch(/^group=13 · .*\(n=3\)$/)
    const summary = page.getByTestId('compare-summary').locator('tbody tr')
    await expect.poll(() => summary.count()).toBe(1)
    expect(await summary.first().textContent()).toContain('#4 #5 #6')
    await page.screenshot({ path: path.join(SHOTS, 'compare-seeds.png'), fullPage: true })
    await page.getByTestId('compare-band').selectOption('ci95')
    await page.getByTestId('compare-metric').selectOption('test_loss')
    await expect.poll(() => chart().getAttribute('data-y-axis')).toBe('log')
    await expect.poll(() => page.url()).toMatch(/band=ci95.*metric=test_loss|metric=test_loss.*band=ci95/)
    await page.screenshot({ path: path.join(SHOTS, 'compare-seeds-ci95-loss.png'), fullPage: true })
  })

  it('restores the comparison from its URL alone (a bookmark), and the runs list shows those runs ticked', async () => {
    const url = page.url()
    const fresh = await browser.newPage({ viewport: { width: 1360, height: 1300 } })
    watchProblems(fresh, problems)
    await fresh.goto(url)
    const c = fresh.getByTestId('compare-chart')
    await expect.poll(() => c.getAttribute('data-finished'), { timeout: 20_000 }).toBe('yes')
    expect(await fresh.getByTestId('compare-band').inputValue()).toBe('ci95')
    expect(await fresh.getByTestId('compare-metric').inputValue()).toBe('test_loss')
    expect(await c.getAttribute('data-y-axis')).toBe('log')
    expect(await c.getAttribute('data-legend')).toMatch(/\(n=3\)$/)
    await fresh.goto(`${server.url}#/runs`)
    await fresh.getByTestId('run-select-4').waitFor()
    expect(await Promise.all([4, 5, 6, 1].map((id) => fresh.getByTestId(`run-select-${id}`).isChecked()))).toEqual([true, true, true, false])
    await fresh.close()
  })

  it('aligns runs on their Stage III onset and names the run left out for never reaching it', async () => {
    await open('runs=1,2,3,8&x=III&group=none')
    expect(await chart().getAttribute('data-lines')).toBe('3')
    expect(await page.getByTestId('compare-excluded').textContent()).toMatch(/no Stage III onset: #8\./)
    expect(await page.getByTestId('compare-x').inputValue()).toBe('III')
    await page.screenshot({ path: path.join(SHOTS, 'compare-aligned-III.png'), fullPage: true })
  })

  it('says when a long run is downsampled, and a zoom refetches the range at full resolution', async () => {
    await open('runs=7&metric=test_acc')
    expect(await chart().getAttribute('data-downsampled')).toBe('yes')
    const full = Number(await chart().getAttribute('data-points'))
    await page.screenshot({ path: path.join(SHOTS, 'compare-downsampled.png'), fullPage: true })
    const box = (await chart().boundingBox())!
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5)
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -300)
    await expect.poll(() => chart().getAttribute('data-downsampled'), { timeout: 10_000 }).toBe('no')
    expect(Number(await chart().getAttribute('data-points'))).toBeGreaterThan(full / 4)
    await page.screenshot({ path: path.join(SHOTS, 'compare-zoomed.png'), fullPage: true })
    expect(problems).toEqual([])
  })
})
