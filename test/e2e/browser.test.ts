// The lab in Debian's Chromium against a real `startServer` (real service, temp db, built renderer): lists stored runs,
// starts one from the form and watches it finish, puts every field error beside its field at once, compares ticked runs,
// cancels and resumes a run from the list and the detail page, and refuses a tokenless request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from '../../src/server'
import { labWithRuns, launchChromium, NO_CHROMIUM, SHOTS, watchProblems } from './helpers'

if (NO_CHROMIUM) console.warn(NO_CHROMIUM)

describe.skipIf(!!NO_CHROMIUM)('lab in a browser (li2 serve)', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  const problems: string[] = []

  beforeAll(async () => {
    server = await labWithRuns([{ group: '7', hidden: 16, epochs: 20, 'train-frac': 0.5 }]) // one short finished run
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1360, height: 860 } })
    // any CSP violation or script error is a failure of the page, not noise
    // (the 400 of the deliberate bad train-frac is the browser logging an expected answer)
    watchProblems(page, problems, /status of 400/)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('opens and lists the stored run', async () => {
    await page.goto(server.url)
    const row = page.getByTestId('run-row-1')
    await row.waitFor()
    expect(await row.getAttribute('data-status')).toBe('finished')
    expect(await row.textContent()).toContain('7')
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('live')
    await page.screenshot({ path: path.join(SHOTS, '1-runs.png') })
  })

  it('shows the error of every broken field beside it at once, and starts nothing', async () => {
    await page.getByTestId('nav-new').click()
    await page.getByTestId('run-form').waitFor()
    await expect.poll(() => page.getByTestId('field-hidden').inputValue()).not.toBe('') // defaults loaded
    await page.getByTestId('field-group').fill('Foo7')
    await page.getByTestId('field-hidden').fill('0')
    await page.getByTestId('field-train-frac').fill('1.5')
    await page.getByTestId('run-submit').click()
    const msg = page.getByTestId('error-train-frac')
    await expect.poll(() => msg.textContent()).toContain('got 1.5') // the service's rule, not the field's hint
    expect(await page.getByTestId('error-hidden').textContent()).toContain('must be an integer ≥ 1')
    expect(await page.getByTestId('error-group').textContent()).toContain('unknown group')
    for (const f of ['group', 'hidden', 'train-frac']) expect(await page.getByTestId(`field-${f}`).getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByTestId('field-lr').getAttribute('aria-invalid')).toBe('false')
    expect(await page.getByTestId('form-error').count()).toBe(0)
    await page.screenshot({ path: path.join(SHOTS, '2-field-error.png') })
    expect((await server.serviceHost.service.listRuns({})).length).toBe(1)
  })

  it('starts a short run from the form and watches it finish', async () => {
    for (const [f, v] of [['group', '11'], ['hidden', '32'], ['epochs', '30'], ['train-frac', '0.5'], ['seed', '3']]) await page.getByTestId(`field-${f}`).fill(v)
    await page.getByTestId('field-optim').selectOption('adamw')
    await page.getByTestId('run-submit').click()
    await page.waitForURL(/#\/runs\/2$/)
    const status = page.getByTestId('detail-status')
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toBe('finished')
    await page.getByTestId('chart-loss').locator('canvas').first().waitFor()
    await expect.poll(() => page.getByTestId('detail-train-acc').textContent()).toMatch(/%$/)
    await page.screenshot({ path: path.join(SHOTS, '3-run-detail.png') })

    await page.getByTestId('nav-runs').click()
    const row = page.getByTestId('run-row-2')
    await expect.poll(() => row.getAttribute('data-status')).toBe('finished')
    expect(await row.textContent()).toContain('adamw')
    await page.screenshot({ path: path.join(SHOTS, '4-runs-after.png') })
  })

  it('compares the runs ticked in the list (the compare selection survives navigation)', async () => {
    await page.getByTestId('run-select-1').check()
    await page.getByTestId('run-select-2').check()
    await page.getByTestId('nav-compare').click()
    await page.getByTestId('compare-config').waitFor()
    const optim = await page.getByTestId('config-row-optim').textContent()
    expect(optim).toContain('adam')
    expect(optim).toContain('adamw')
    await page.screenshot({ path: path.join(SHOTS, '4b-compare.png') })
    await page.getByTestId('nav-runs').click()
    expect(await page.getByTestId('run-select-1').isChecked()).toBe(true)
  })

  it('shows a long run live in the list (status, moving progress bar) and cancels it', async () => {
    const { id } = await server.serviceHost.service.startRun({ config: { group: '11', hidden: 64, epochs: 200000, 'train-frac': 0.5 } })
    await page.getByTestId('nav-runs').click()
    const row = page.getByTestId(`run-row-${id}`)
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('running')
    const bar = row.getByTestId('run-progress')
    const epoch = async () => Number(await bar.getAttribute('aria-valuenow'))
    const first = await epoch()
    await expect.poll(epoch, { timeout: 30_000 }).toBeGreaterThan(first) // pushed over /ws, no reload
    await page.screenshot({ path: path.join(SHOTS, '5-runs-live.png') })
    await row.getByTestId(`run-cancel-${id}`).click()
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toMatch(/cancelled|interrupted/)
    // a stopped run keeps its accuracies and offers Resume; resumed, it trains on under the same id
    await expect.poll(() => row.textContent()).toMatch(/\d%.*\d%/)
    await row.getByTestId(`run-resume-${id}`).click()
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('running')
    await row.getByTestId(`run-cancel-${id}`).click()
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toMatch(/cancelled|interrupted/)
    await row.click()
    const resume = page.getByTestId('detail-resume')
    await resume.waitFor()
    await expect.poll(() => page.getByTestId('detail-test-acc').textContent()).toMatch(/%$/)
    await page.screenshot({ path: path.join(SHOTS, '6-stopped-run.png') })
    await resume.click()
    await expect.poll(() => page.getByTestId('detail-status').textContent(), { timeout: 30_000 }).toBe('running')
    await page.getByTestId('detail-cancel').click()
    await expect.poll(() => page.getByTestId('detail-status').textContent(), { timeout: 30_000 }).toMatch(/cancelled|interrupted/)
  })

  it('refuses requests without the token', async () => {
    const ctx = await browser.newContext() // no cookie from the page
    const p = await ctx.newPage()
    const res = await p.goto(server.origin + '/')
    expect(res?.status()).toBe(401)
    expect(await p.textContent('body')).toContain('missing token')
    const api = await fetch(`${server.origin}/api/listRuns`, { method: 'POST', body: '{}' })
    expect(api.status).toBe(401)
    const wrong = await fetch(`${server.origin}/api/listRuns`, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '{}' })
    expect(wrong.status).toBe(403)
    await ctx.close()
  })

  it('ran without script errors or CSP violations', () => {
    expect(problems).toEqual([])
  })
})
