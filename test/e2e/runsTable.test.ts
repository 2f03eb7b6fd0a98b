// The runs table in Debian's Chromium against a real `startServer`, with runs written straight into its store (no
// training: the machine is shared): sort by a header (and back), filter by status, optimizer, outcome and free text with
// the view kept in the URL across a reload, hide a column (remembered), select two runs and press `c` for Compare, move
// with the arrows and open with Enter, Esc back; then 600 runs, of which only the rows in view are in the DOM.
// Screenshots under test-results/e2e/table-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { resolveConfig } from '../../src/core/config'
import type { ServiceHandle } from '../../src/api/service'
import type { RunningServer } from '../../src/server'
import { ensureRendererBuilt, launchChromium, NO_CHROMIUM, SHOTS, tempHome, watchProblems } from './helpers'

if (NO_CHROMIUM) console.warn(NO_CHROMIUM)

/** The fixture runs: knobs, status, final accuracies (and the epoch test acc first reaches 0.95, if it does). */
const FIXTURES = [
  { id: 1, config: { group: '11', hidden: 16, optim: 'adam', lr: 1e-3 }, status: 'finished', train: 1, test: 0.98, grok: 40 },
  { id: 2, config: { group: '13', hidden: 16, optim: 'adamw', lr: 3e-3, wd: 0.01 }, status: 'finished', train: 1, test: 0.4, grok: null },
  { id: 3, config: { group: '11', hidden: 16, optim: 'sgd', lr: 0.01 }, status: 'interrupted', train: 0.5, test: 0.3, grok: null },
  { id: 4, config: { group: '13', hidden: 16, optim: 'adam', lr: 2e-3 }, status: 'finished', train: 1, test: 0.97, grok: 20 },
  { id: 5, config: { group: '11', hidden: 16, optim: 'adamw', lr: 5e-4, wd: 0.01 }, status: 'finished', train: 0.6, test: 0.2, grok: null },
  { id: 6, config: { group: '13', hidden: 16, optim: 'sgd', lr: 0.03 }, status: 'finished', train: 1, test: 0.5, grok: null, label: 'baseline sgd' },
] as const

type Store = ServiceHandle['store']
/** Writes one finished-looking run with a 60-epoch metrics series into the store; returns its id. */
function writeRun(store: Store, f: { config: Record<string, unknown>; status: string; train: number; test: number; grok: number | null; label?: string }): number {
  const id = store.createRun(resolveConfig({ ...f.config, epochs: 60, 'train-frac': 0.5 }), { status: f.status as 'finished' })
  const rows = Array.from({ length: 7 }, (_, i) => {
    const epoch = i * 10
    const test = f.grok !== null && epoch >= f.grok ? Math.max(0.95, f.test) : Math.min(f.test, 0.9) * (i / 6)
    return { epoch, train_acc: f.train * (i === 6 ? 1 : i / 6), test_acc: i === 6 ? f.test : test, train_loss: 1 - i / 7, test_loss: 1 - i / 8 }
  })
  store.appendMetrics(id, rows)
  store.updateRun(id, { epochsDone: f.status === 'finished' ? 60 : 30 })
  if (f.label) store.setLabel(id, f.label)
  return id
}

describe.skipIf(!!NO_CHROMIUM)('the runs table (li2 serve)', () => {
  let handle: ServiceHandle
  let server: RunningServer
  let browser: Browser
  let page: Page
  const problems: string[] = []
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `table-${name}.png`) })
  /** Row ids in the order the table draws them. */
  const order = () => page.locator('tbody [data-testid^="run-row-"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-testid')!.slice(8))))
  const count = () => page.getByTestId('runs-count').textContent()

  beforeAll(async () => {
    ensureRendererBuilt()
    const home = tempHome()
    const { startServer } = await import('../../src/server')
    const { createService } = await import('../../src/api/service')
    // our own service, for its store; the server listens for run events, which needs a runner (nothing trains)
    handle = await createService({ dbPath: path.join(home, 'li2.sqlite'), workers: 1 })
    server = await startServer({ serviceHost: handle })
    for (const f of FIXTURES) expect(writeRun(handle.store, f)).toBe(f.id)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1360, height: 700 } })
    page.setDefaultTimeout(10_000)
    // the fixtures have no checkpoint, so the run view's features panel is answered 404 (not_found) when one opens
    watchProblems(page, problems, /status of 404/)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await handle?.close()
  })

  it('lists every run newest first, with outcome chips and time to grok', async () => {
    await page.goto(server.url)
    await page.getByTestId('run-row-6').waitFor()
    expect(await order()).toEqual([6, 5, 4, 3, 2, 1])
    expect(await count()).toBe('6 of 6 runs')
    expect(await page.getByTestId('run-row-1').getByTestId('run-outcome').textContent()).toBe('generalized')
    expect(await page.getByTestId('run-row-2').getByTestId('run-outcome').textContent()).toBe('memorized')
    expect(await page.getByTestId('run-row-4').getByTestId('run-grok').textContent()).toBe('20')
    expect(await page.getByTestId('run-row-2').getByTestId('run-grok').textContent()).toBe('—')
    await shot('1-list')
  })

  it('sorts by a header, reverses on a second click, nulls last, and keeps the sort across a reload', async () => {
    await page.getByTestId('sort-lr').click()
    await expect.poll(order).toEqual([5, 1, 4, 2, 3, 6]) // lr 5e-4, 1e-3, 2e-3, 3e-3, 0.01, 0.03
    expect(page.url()).toMatch(/#\/runs\?sort=lr&dir=asc$/)
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('lr▲')
    await page.getByTestId('sort-lr').click()
    await expect.poll(order).toEqual([6, 3, 2, 4, 1, 5])
    await shot('2-sorted-lr-desc')
    await page.getByTestId('sort-grok').click()
    await expect.poll(order).toEqual([4, 1, 6, 5, 3, 2]) // 20, 40, then the runs that never grokked in their order
    await page.reload()
    await page.getByTestId('run-row-6').waitFor()
    expect(await order()).toEqual([4, 1, 6, 5, 3, 2])
  })

  it('filters by status, optimizer, outcome and free text, says N of M, and clears', async () => {
    await page.getByTestId('runs-filter').selectOption('interrupted')
    await expect.poll(order).toEqual([3])
    expect(await count()).toBe('1 of 6 runs')
    await page.getByTestId('runs-filter').selectOption('')
    await page.getByTestId('runs-optim-filter').selectOption('adamw')
    await expect.poll(order).toEqual([5, 2]) // still by grok: both null, newest-first input order kept
    await page.getByTestId('runs-outcome-filter').selectOption('generalized')
    await expect.poll(() => page.getByTestId('runs-none-match').isVisible()).toBe(true)
    await page.getByTestId('runs-optim-filter').selectOption('')
    await expect.poll(order).toEqual([4, 1])
    expect(page.url()).toContain('outcome=generalized')
    await page.reload() // the filter lives in the URL
    await page.getByTestId('run-row-1').waitFor()
    expect(await order()).toEqual([4, 1])
    await page.getByTestId('runs-clear-filters').click()
    await expect.poll(count).toBe('6 of 6 runs')
    await page.getByTestId('runs-search').fill('baseline') // the label, matched by the service
    await expect.poll(order).toEqual([6])
    await page.getByTestId('runs-search').fill('"optim":"sgd"') // the config JSON
    await expect.poll(order).toEqual([6, 3])
    expect(await count()).toBe('2 of 6 runs')
    await shot('3-filtered-text')
    await page.getByTestId('runs-clear-filters').click()
    await expect.poll(count).toBe('6 of 6 runs')
    expect(await page.getByTestId('runs-search').inputValue()).toBe('')
  })

  it('hides a column from the Columns menu, and remembers it', async () => {
    await page.getByTestId('runs-columns').locator('summary').click()
    await page.getByTestId('column-toggle-lr').locator('input').uncheck()
    await shot('4-columns-menu')
    await page.keyboard.press('Escape')
    expect(await page.getByTestId('sort-lr').count()).toBe(0)
    await page.reload()
    await page.getByTestId('run-row-6').waitFor()
    expect(await page.getByTestId('sort-lr').count()).toBe(0)
    expect(await page.getByTestId('sort-wd').count()).toBe(1)
    await page.getByTestId('runs-columns').locator('summary').click()
    await page.getByTestId('column-toggle-lr').locator('input').check()
    await page.keyboard.press('Escape')
    await page.getByTestId('sort-lr').waitFor()
  })

  it('selects two runs, and `c` opens Compare with them in the URL; Esc comes back', async () => {
    await page.getByTestId('sort-id').click() // id ascending: 1..6
    await expect.poll(order).toEqual([1, 2, 3, 4, 5, 6])
    await page.getByTestId('run-select-2').check()
    await page.getByTestId('run-select-4').check()
    expect(await page.getByTestId('runs-compare').textContent()).toBe('Compare (2)')
    await shot('5-selected')
    await page.keyboard.press('c')
    await page.waitForURL(/#\/compare\?runs=2(,|%2C)4$/)
    await page.keyboard.press('Escape')
    await page.waitForURL(/#\/runs\?sort=id&dir=asc$/) // back, with the list's sort
    await page.getByTestId('run-row-1').waitFor()
    expect(await page.getByTestId('run-select-4').isChecked()).toBe(true)
  })

  it('shift-click ticks a range; "select all shown" ticks every shown run and unticks them', async () => {
    await page.getByTestId('runs-select-none').click()
    await page.getByTestId('run-select-1').check()
    await page.getByTestId('run-select-3').click({ modifiers: ['Shift'] })
    for (const id of [1, 2, 3]) expect(await page.getByTestId(`run-select-${id}`).isChecked()).toBe(true)
    expect(await page.getByTestId('run-select-4').isChecked()).toBe(false)
    expect(await page.getByTestId('runs-compare').textContent()).toBe('Compare (3)')
    await page.getByTestId('runs-filter').selectOption('finished')
    await page.getByTestId('runs-select-all').check()
    expect(await page.getByTestId('runs-compare').textContent()).toBe('Compare (6)') // 1,2,3 + the finished 4,5,6
    await page.getByTestId('runs-select-all').uncheck()
    expect(await page.getByTestId('runs-compare').textContent()).toBe('Compare (1)') // the interrupted 3, not shown, stays
    await page.getByTestId('runs-clear-filters').click()
    await page.getByTestId('runs-select-none').click()
  })

  it('moves with the arrows, toggles with x, opens with Enter, and Esc goes back; / focuses the filter', async () => {
    await page.locator('h1').click() // nothing focused
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowUp')
    await expect.poll(() => page.getByTestId('run-row-2').getAttribute('class')).toContain('hl')
    await page.keyboard.press('x')
    expect(await page.getByTestId('run-select-2').isChecked()).toBe(true)
    await shot('6-keyboard')
    await page.keyboard.press('Enter')
    await page.waitForURL(/#\/runs\/2$/)
    await page.getByTestId('detail-status').waitFor()
    await page.keyboard.press('Escape')
    await page.waitForURL(/#\/runs\?sort=id&dir=asc$/)
    await page.getByTestId('run-row-2').waitFor()
    await page.keyboard.press('/')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('runs-search')
    await page.keyboard.type('xc') // typed into the box, not shortcuts
    expect(page.url()).not.toContain('compare')
    await page.getByTestId('runs-search').fill('')
  })

  it('600 runs: only the rows in view are in the DOM, and the arrows scroll the highlighted row into view', async () => {
    const store = handle.store
    for (let i = 0; i < 600; i++) writeRun(store, { ...FIXTURES[i % FIXTURES.length]!, config: { ...FIXTURES[i % FIXTURES.length]!.config, seed: i } })
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect.poll(count).toBe('606 of 606 runs')
    const drawn = await page.locator('tbody [data-testid^="run-row-"]').count()
    expect(drawn).toBeGreaterThan(5)
    expect(drawn).toBeLessThan(60)
    await page.locator('h1').click()
    for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowDown')
    const hl = page.locator('tr.hl')
    expect(await hl.getAttribute('data-testid')).toBe('run-row-40')
    expect(await hl.isVisible()).toBe(true)
    const box = await hl.boundingBox(), view = await page.getByTestId('runs-scroll').boundingBox()
    expect(box!.y + box!.height).toBeLessThanOrEqual(view!.y + view!.height + 1)
    expect(await page.locator('thead th').first().boundingBox()).toMatchObject({ y: expect.any(Number) })
    expect((await page.locator('thead th').first().boundingBox())!.y).toBeGreaterThanOrEqual(view!.y - 1) // the header stuck
    await shot('7-many-scrolled')
    expect(problems).toEqual([])
  })
})
