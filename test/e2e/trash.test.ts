// Nothing is lost by a slip, in Debian's Chromium against a real `startServer`: tag a run and filter by the tag, name it,
// delete it and Undo, delete it again and restore it from the Trash view with every metric back, and empty the trash
// only after answering its question. Screenshots under test-results/e2e/trash-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from '../../src/server'
import { labWithRuns, launchChromium, NO_CHROMIUM, SHOTS, watchProblems } from './helpers'

if (NO_CHROMIUM) console.warn(NO_CHROMIUM)

describe.skipIf(!!NO_CHROMIUM)('tags, labels and the trash (li2 serve)', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let metricsBefore: unknown
  const problems: string[] = []
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `trash-${name}.png`) })

  beforeAll(async () => {
    // two short runs; run 2 is the untagged neighbour
    server = await labWithRuns([{ group: '7', hidden: 16, epochs: 20, 'train-frac': 0.5 }, { group: '5', hidden: 8, epochs: 10, 'train-frac': 0.5 }])
    const sh = server.serviceHost
    metricsBefore = await sh.service.getMetrics({ id: 1 })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1360, height: 700 } })
    page.setDefaultTimeout(10_000)
    watchProblems(page, problems)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('tags a run, filters by the tag, and names it', async () => {
    await page.goto(server.url)
    await page.getByTestId('run-row-2').waitFor()
    await page.getByTestId('tag-add-1').click()
    await page.getByTestId('tag-input-1').fill('grokked')
    await page.getByTestId('tag-input-1').press('Enter')
    await page.getByTestId('tag-1-grokked').waitFor()
    await page.getByTestId('label-edit-1').click()
    await page.getByTestId('label-input-1').fill('baseline p=0.5')
    await page.getByTestId('label-input-1').press('Enter')
    await expect.poll(() => page.getByTestId('run-label-1').textContent()).toContain('baseline p=0.5')
    await shot('1-tagged')
    await page.getByTestId('runs-tag-filter').selectOption('grokked')
    await page.getByTestId('run-row-2').waitFor({ state: 'detached' })
    expect(await page.getByTestId('run-row-1').isVisible()).toBe(true)
    await shot('2-filtered')
    const [r] = await server.serviceHost.service.listRuns({ tag: 'grokked' })
    expect(r).toMatchObject({ id: 1, label: 'baseline p=0.5', tags: ['grokked'] })
    await page.getByTestId('runs-tag-filter').selectOption('')
    await page.getByTestId('run-row-2').waitFor()
  })

  it('delete offers Undo, and Undo brings the run back', async () => {
    await page.getByTestId('run-delete-1').click()
    await page.getByTestId('undo-toast').waitFor()
    await page.getByTestId('run-row-1').waitFor({ state: 'detached' })
    expect(await page.getByTestId('undo-toast').textContent()).toContain('Run 1 “baseline p=0.5” moved to the trash')
    await shot('3-undo-toast')
    await page.getByTestId('undo-button').click()
    await page.getByTestId('run-row-1').waitFor()
    expect(await page.getByTestId('undo-toast').count()).toBe(0)
  })

  it('delete again, restore from the Trash view, every metric back', async () => {
    await page.getByTestId('run-delete-1').click()
    await page.getByTestId('run-row-1').waitFor({ state: 'detached' })
    await page.getByTestId('nav-trash').click()
    await page.getByTestId('trash-row-1').waitFor()
    await shot('4-trash')
    await page.getByTestId('trash-restore-1').click()
    await page.getByTestId('trash-none').waitFor()
    const sh = server.serviceHost.service
    expect(await sh.getMetrics({ id: 1 })).toEqual(metricsBefore)
    expect((await sh.getRun({ id: 1 })).deletedAt).toBeNull()
    await page.getByTestId('nav-runs').click()
    await page.getByTestId('run-row-1').waitFor()
    expect(await page.getByTestId('tag-1-grokked').isVisible()).toBe(true)
  })

  it('empties the trash only after asking', async () => {
    await page.getByTestId('run-delete-2').click()
    await page.getByTestId('run-row-2').waitFor({ state: 'detached' })
    await page.getByTestId('nav-trash').click()
    await page.getByTestId('trash-row-2').waitFor()
    await page.getByTestId('trash-empty').click()
    await page.getByTestId('trash-ask').waitFor()
    await shot('5-empty-ask')
    await page.getByTestId('trash-keep').click()
    expect(await page.getByTestId('trash-row-2').isVisible()).toBe(true)
    await page.getByTestId('trash-empty').click()
    await page.getByTestId('trash-confirm').click()
    await page.getByTestId('trash-none').waitFor()
    await shot('6-emptied')
    await expect(server.serviceHost.service.getRun({ id: 2 })).rejects.toMatchObject({ code: 'not_found' })
    expect((await server.serviceHost.service.listRuns({})).map((r) => r.id)).toEqual([1])
    expect(problems).toEqual([])
  })
})
