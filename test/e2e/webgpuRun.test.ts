// A run trained with --backend webgpu (on CI: Mesa lavapipe) shows its backend and adapter on the run page, so a run
// that trained on a software adapter says so where its numbers are read.
import { afterAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import type { RunningServer } from '../../src/server'
import { probeAdapter } from '../../src/runner/webgpu'
import { labWithRuns, launchChromium, NO_CHROMIUM, SHOTS, watchProblems } from './helpers'

const adapter = await probeAdapter().catch((e: Error) => e)
const skip = NO_CHROMIUM ?? (adapter instanceof Error ? `webgpu e2e skipped: ${adapter.message}` : null)
if (skip) console.warn(skip)

describe.skipIf(!!skip)('a webgpu run in the browser', () => {
  let server: RunningServer | undefined
  let browser: Browser | undefined

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('names the backend and the adapter (software or not) in the run header', async () => {
    server = await labWithRuns([{ group: '11', hidden: 32, epochs: 10, 'train-frac': 0.5, 'eval-every': 5, 'diag-every': 5, backend: 'webgpu' }])
    browser = await launchChromium()
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } })
    const problems: string[] = []
    watchProblems(page, problems)
    await page.goto(`${server.url}#/runs/1`)
    await page.getByTestId('run-detail').waitFor()
    const text = (await page.getByTestId('detail-backend').textContent()) ?? ''
    expect(text).toMatch(/^webgpu\s*· tfjs-backend-webgpu 4\.22\.0/)
    const a = adapter as Exclude<typeof adapter, Error>
    expect(text).toContain(a.vendor)
    if (a.software) expect(text).toContain('(software adapter)')
    await page.screenshot({ path: path.join(SHOTS, 'webgpu-run.png') })
    expect(problems).toEqual([])
  }, 300_000)
})
