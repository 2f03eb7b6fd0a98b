// The run page in Debian's Chromium against a real `startServer`: a small run (group 23, hidden 128, 300 epochs) trained
// through the service shows every diagnostics chart with data and the stage bands, switches to a log epoch axis, reads
// its header facts and features, and renders hostile notes without a <script> or an onerror attribute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from '../../src/server'
import { labWithRuns, launchChromium, NO_CHROMIUM, SHOTS, watchProblems } from './helpers'

if (NO_CHROMIUM) console.warn(NO_CHROMIUM)

const CHARTS = ['loss', 'acc', 'gf', 'dwdv', 'gram', 'norms']

describe.skipIf(!!NO_CHROMIUM)('run view in a browser (li2 serve)', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  const problems: string[] = []

  beforeAll(async () => {
    server = await labWithRuns([{ group: '23', hidden: 128, epochs: 300, lr: 1e-2, wd: 1e-3, 'diag-every': 10, 'eval-every': 5, seed: 1 }])
    const sh = server.serviceHost
    await sh.service.setNotes({ id: 1, notes: '**Grokked** late.\n\n<script>window.__pwned = 1</script>\n\n<img src=x onerror="window.__pwned = 2">' })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1360, height: 1500 } })
    watchProblems(page, problems)
  }, 600_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('draws every diagnostics chart with data and the stage bands', async () => {
    await page.goto(`${server.url}#/runs/1`)
    await page.getByTestId('run-detail').waitFor()
    for (const id of CHARTS) {
      const chart = page.getByTestId(`chart-${id}`)
      await chart.locator('canvas').first().waitFor()
      await expect.poll(() => chart.getAttribute('data-has-data'), { timeout: 20_000 }).toBe('yes')
      expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(10)
      expect(Number(await chart.getAttribute('data-bands'))).toBeGreaterThan(0)
      expect(await chart.getAttribute('data-x-axis')).toBe('value')
    }
    expect(await page.getByTestId('detail-outcome').textContent()).toMatch(/generalized|memorized|unfinished/)
    expect(await page.getByTestId('detail-split').textContent()).toMatch(/^\d+ \/ \d+$/)
    expect(await page.getByTestId('detail-backend').textContent()).not.toBe('—')
    await page.getByTestId('detail-features').waitFor()
    await expect.poll(() => page.getByTestId('features-covered').textContent(), { timeout: 20_000 }).toMatch(/^\d+ of \d+$/)
    await page.screenshot({ path: path.join(SHOTS, 'run-view.png'), fullPage: true })
  })

  it('switches every chart to a log epoch axis and back', async () => {
    await page.getByTestId('charts-logx').check()
    for (const id of CHARTS) await expect.poll(() => page.getByTestId(`chart-${id}`).getAttribute('data-x-axis')).toBe('log')
    await page.getByTestId('charts-smoothing').selectOption('0.9')
    await page.screenshot({ path: path.join(SHOTS, 'run-view-logx-smoothed.png'), fullPage: true })
    await page.getByTestId('charts-logx').uncheck()
    await page.getByTestId('charts-smoothing').selectOption('0')
    await expect.poll(() => page.getByTestId('chart-loss').getAttribute('data-x-axis')).toBe('value')
  })

  it('zooms all charts from one and shares the crosshair (screenshot for a human to check)', async () => {
    const box = (await page.getByTestId('chart-loss').boundingBox())!
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2)
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -200)
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2)
    await page.screenshot({ path: path.join(SHOTS, 'run-view-zoomed.png'), fullPage: true })
  })

  it('renders notes as markdown with no <script> or onerror, and none of it ran', async () => {
    const preview = page.getByTestId('notes-preview')
    const html = await preview.innerHTML()
    expect(html).toContain('<strong>Grokked</strong>')
    expect(html).not.toMatch(/<script/i) // shown as text at most, never as an element
    expect(await preview.locator('script, img, [onerror]').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    await page.getByTestId('notes-toggle').click()
    expect(await page.getByTestId('detail-notes').inputValue()).toContain('<script>')
    expect(problems).toEqual([])
  })
})
