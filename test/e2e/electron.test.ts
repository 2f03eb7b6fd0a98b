// The desktop app through playwright's _electron: window opens sandboxed, window.li2 works, Node is out of reach.
// Skips with a message where Electron's binary is not installed (offline installs, CI without the download).
import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { _electron } from 'playwright-core'
import { ensureRendererBuilt, ROOT, tempHome } from './helpers'

function electronBinary(): string | null {
  const dir = path.join(ROOT, 'node_modules', 'electron')
  const pathFile = path.join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const exe = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(exe) ? exe : null
}
const EXE = electronBinary()
const NO_DISPLAY = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
const SKIP = !EXE
  ? "Electron's binary is not installed (node node_modules/electron/install.js needs the network); skipping the Electron e2e test"
  : NO_DISPLAY ? 'no display (run under xvfb-run); skipping the Electron e2e test' : null
if (SKIP) console.warn(SKIP)

describe.skipIf(!!SKIP)('lab in Electron', () => {
  it('opens a sandboxed window whose page talks to the service only through window.li2', async () => {
    ensureRendererBuilt()
    const home = tempHome()
    const app = await _electron.launch({ executablePath: EXE!, args: [path.join(ROOT, 'out', 'main', 'index.js')], env: { ...process.env, LI2_HOME: home } as Record<string, string> })
    try {
      const win = await app.firstWindow()
      await win.getByTestId('nav').waitFor()
      expect(await win.title()).toBe('Li2 Lab')
      expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined')
      expect(await win.evaluate(() => Object.keys((window as unknown as { li2: object }).li2).sort())).toEqual(['call', 'on'])
      const res = await win.evaluate(() => (window as unknown as { li2: { call(m: string, a: unknown): Promise<unknown> } }).li2.call('getRun', { id: 'x' }))
      expect(res).toMatchObject({ ok: false, error: { code: 'invalid', field: 'id' } })
      expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
    } finally {
      await app.close()
    }
  })
})
