// Sweeps and the phase diagram in Debian's Chromium against a real `startServer`: a bad spec is refused beside its row
// with nothing queued; the tiny preset started from the window trains to its end with live progress; its phase view draws
// the cells, the fitted line and the 2.7482 line; clicking a cell opens Compare with that cell's runs.
// Screenshots under test-results/e2e/sweeps-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from '../../src/server'
import { labWithRuns, launchChromium, NO_CHROMIUM, SHOTS, watchProblems } from './helpers'

if (NO_CHROMIUM) console.warn(NO_CHROMIUM)

describe.skipIf(!!NO_CHROMIUM)('sweeps and the phase view (li2 serve)', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  const problems: string[] = []
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `sweeps-${name}.png`), fullPage: true })

  beforeAll(async () => {
    server = await labWithRuns([])
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1360, height: 860 } })
    page.setDefaultTimeout(15_000)
    watchProblems(page, problems, /400 \(Bad Request\)/) // the refused plans of the bad-spec test
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('refuses a bad spec beside the field, and queues nothing', async () => {
    await page.goto(`${server.url}#/sweeps`)
    await page.getByTestId('sweeps-empty').waitFor()
    await page.getByTestId('sweeps-new').click()
    await page.getByTestId('sweep-source-spec').click()
    await page.getByTestId('sweep-plan-runs').waitFor() // the default spec plans
    const axis = page.getByTestId('sweep-axis-0')
    // an unknown flag
    await axis.getByLabel('flag').fill('train-fraction')
    await expect.poll(() => page.getByTestId('sweep-error-axis-0').textContent()).toMatch(/grid\.train-fraction: unknown knob/)
    // an empty grid
    await axis.getByLabel('flag').fill('train-frac')
    await axis.getByLabel('values').fill('')
    await expect.poll(() => page.getByTestId('sweep-error-axis-0').textContent()).toMatch(/grid\.train-frac: must list at least one value/)
    // a value outside its range
    await axis.getByLabel('values').fill('0.3, 1.5')
    await expect.poll(() => page.getByTestId('sweep-error-axis-0').textContent()).toMatch(/grid\.train-frac\[1\]: .*\(0, 1\)/)
    await shot('1-bad-spec')
    expect(await page.getByTestId('sweep-start').isDisabled()).toBe(true)
    await page.getByTestId('sweep-start').click({ force: true }) // even a forced click queues nothing
    expect(await server.serviceHost.service.listSweeps({})).toEqual([])
    // a fixed knob out of range is named on its own row
    await axis.getByLabel('values').fill('0.3, 0.5')
    await page.getByTestId('sweep-fixed-1').getByLabel('value').fill('0')
    await expect.poll(() => page.getByTestId('sweep-error-fixed-1').textContent()).toMatch(/fixed\.hidden: /)
    expect(await server.serviceHost.service.listSweeps({})).toEqual([])
  })

  it('starts the tiny preset and watches it reach the end', async () => {
    await page.getByTestId('sweep-source-preset').click()
    await page.getByTestId('sweep-preset').selectOption('tiny')
    await expect.poll(() => page.getByTestId('sweep-plan-runs').textContent()).toBe('32')
    await shot('2-plan')
    await page.getByTestId('sweep-start').click()
    const row = page.locator('[data-testid^="sweep-row-"]').first()
    await row.waitFor()
    const id = Number((await row.getAttribute('data-testid'))!.replace('sweep-row-', ''))
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('running')
    await expect.poll(async () => Number((await page.getByTestId(`sweep-done-${id}`).textContent())!.split('/')[0]), { timeout: 60_000 }).toBeGreaterThan(0)
    await shot('3-running')
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 240_000, interval: 1000 }).toBe('done')
    expect(await page.getByTestId(`sweep-done-${id}`).textContent()).toBe('32/32')
    await shot('4-done')
  }, 300_000)

  it('draws the phase view with the fitted and the 2.7482 lines; a cell opens Compare with its runs', async () => {
    const [s] = await server.serviceHost.service.listSweeps({})
    await page.getByTestId(`sweep-phase-${s.id}`).click()
    const chart = page.getByTestId('phase-chart-cyclic, prime order')
    await chart.waitFor()
    expect(Number(await chart.getAttribute('data-cells'))).toBe(8) // Z_11 and Z_13 × 4 fractions
    const report = await server.serviceHost.service.getPhase({ sweep: String(s.id) })
    expect(await chart.getAttribute('data-lines')).toBe(report.fit.c === null ? 'theory' : 'fit theory')
    expect(await page.getByTestId('phase-fit').textContent()).toContain('2.7482')
    for (const b of report.boundaries) await page.getByTestId(`fit-row-${b.group}`).waitFor()
    await page.waitForTimeout(300) // the canvas draws on the next frame
    await shot('5-phase')
    await page.getByTestId('phase-layer-ttg').click()
    await expect.poll(() => chart.getAttribute('data-layer')).toBe('ttg')
    await shot('6-phase-ttg')
    // click the cell with the largest p of the first group: its centre on the canvas, found from the chart's own mapping
    const cell = report.cells.filter((c) => c.group === report.cells[0].group).at(-1)!
    const pos = await chart.evaluate((root, [M, p]) => {
      const canvasHost = root.querySelector('div') as HTMLElement
      const w = (canvasHost as unknown as { __li2Chart?: { convertToPixel(f: object, v: number[]): number[] } }).__li2Chart
      return w ? w.convertToPixel({ seriesId: 'cells' }, [M, p]) : null
    }, [cell.M, cell.p] as const)
    expect(pos).not.toBeNull()
    const box = (await chart.locator('div').first().boundingBox())!
    await page.mouse.click(box.x + pos![0], box.y + pos![1])
    await page.waitForURL(/#\/compare\?runs=/)
    const ids = (new URLSearchParams(page.url().split('#')[1].split('?')[1]).get('runs') ?? '').split(',').map(Number)
    expect(ids.sort((a, b) => a - b)).toEqual([...cell.runIds].sort((a, b) => a - b))
    await shot('7-compare-cell')
    expect(problems).toEqual([])
  })
})
