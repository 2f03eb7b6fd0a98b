// `npm start`'s decisions with its process boundary stubbed: Electron's binary present or fetched or not, a display or
// none, better-sqlite3 for Electron's ABI fresh, stale, missing or not buildable; and the binding folder's state.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain .mjs script without declarations
import { bindingDir, bindingState, startDesktop } from '../../scripts/desktop.mjs'
import { bindingDirName } from '../../src/main/nativePaths'

type Outcome = { ok: true } | { ok: false; error: string }
interface World {
  binary: boolean
  fetch?: Outcome
  fetchInstalls?: boolean
  display?: string | null
  binding: 'fresh' | 'stale' | 'missing'
  rebuild?: Outcome
  env?: Record<string, string>
}

/** Runs startDesktop over a stubbed world; returns its result and every call made at the boundary. */
async function run(w: World) {
  const calls: string[] = []
  const lines: string[] = []
  let installed = w.binary
  let binding = w.binding
  const result = await startDesktop({
    env: w.env ?? {},
    electronBinary: () => (installed ? '/x/electron' : null),
    fetchElectron: (ms: number) => { calls.push(`fetch ${ms}`); if (w.fetch?.ok && w.fetchInstalls !== false) installed = true; return w.fetch ?? { ok: false, error: 'offline' } },
    noDisplayReason: () => w.display ?? null,
    bindingState: () => ({ state: binding, path: '/x/native/better_sqlite3.node', electron: '45.3.4' }),
    rebuildBinding: async () => { calls.push('rebuild'); if (w.rebuild?.ok) binding = 'fresh'; return w.rebuild ?? { ok: false, error: 'no headers' } },
    launchElectron: (env: Record<string, string>) => calls.push(`electron ${env.LI2_SQLITE_BINDING}`),
    launchBrowser: () => calls.push('browser'),
    log: (l: string) => lines.push(l),
  })
  return { result, calls, lines }
}

describe('npm start', () => {
  it('opens the window with the Electron-ABI binding when everything is there', async () => {
    const { result, calls } = await run({ binary: true, binding: 'fresh' })
    expect(result).toEqual({ mode: 'electron', binding: '/x/native/better_sqlite3.node' })
    expect(calls).toEqual(['electron /x/native/better_sqlite3.node'])
  })

  it('fetches a missing binary (bounded in time) and then opens the window', async () => {
    const { result, calls, lines } = await run({ binary: false, fetch: { ok: true }, binding: 'fresh' })
    expect(result.mode).toBe('electron')
    expect(calls[0]).toMatch(/^fetch \d+$/)
    expect(lines[0]).toMatch(/fetching Electron's binary .* at most \d+ s/)
  })

  it('falls back to the browser, saying why and how to retry, when the fetch fails or leaves no binary', async () => {
    const failed = await run({ binary: false, fetch: { ok: false, error: 'getaddrinfo ENOTFOUND github.com' }, binding: 'fresh' })
    expect(failed.result).toMatchObject({ mode: 'browser' })
    expect(failed.calls).toEqual([expect.stringMatching(/^fetch/), 'browser'])
    expect(failed.lines.at(-1)).toMatch(/could not fetch Electron's binary \(getaddrinfo ENOTFOUND github.com\); retry with `npm run desktop:fetch`; serving the lab to a browser instead\./)
    const empty = await run({ binary: false, fetch: { ok: true }, fetchInstalls: false, binding: 'fresh' })
    expect(empty.result).toMatchObject({ mode: 'browser', why: expect.stringContaining('left no binary') })
  })

  it('does not fetch when told not to (LI2_NO_FETCH=1), and serves the browser without a display', async () => {
    const nofetch = await run({ binary: false, binding: 'fresh', env: { LI2_NO_FETCH: '1' } })
    expect(nofetch.calls).toEqual(['browser'])
    const headless = await run({ binary: true, display: 'no display ($DISPLAY and $WAYLAND_DISPLAY are unset)', binding: 'missing' })
    expect(headless.calls).toEqual(['browser']) // nothing is built for a window that cannot open
    expect(headless.lines[0]).toMatch(/no display/)
  })

  it('builds a missing or stale binding first; a failed build falls back with the retry command', async () => {
    for (const state of ['missing', 'stale'] as const) {
      const ok = await run({ binary: true, binding: state, rebuild: { ok: true } })
      expect(ok.calls).toEqual(['rebuild', 'electron /x/native/better_sqlite3.node'])
      expect(ok.lines[0]).toMatch(state === 'stale' ? /another version/ : /one time/)
    }
    const bad = await run({ binary: true, binding: 'missing', rebuild: { ok: false, error: 'gyp: no headers' } })
    expect(bad.calls).toEqual(['rebuild', 'browser'])
    expect(bad.lines.at(-1)).toMatch(/could not build better-sqlite3 for Electron's ABI \(gyp: no headers\); retry with `npm run desktop:rebuild`/)
  })
})

describe('the Electron-ABI binding folder', () => {
  it('is missing, then stale or fresh by its stamp, in the folder the Electron host looks in', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-native-'))
    const v = { electron: '45.3.4', betterSqlite3: '12.11.1' }
    expect(bindingDir(root, v.electron, 'linux', 'x64')).toBe(path.join(root, 'native', bindingDirName('45.3.4', 'linux', 'x64')))
    expect(bindingState(root, v).state).toBe('missing')
    const dir = bindingDir(root, v.electron)
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'better_sqlite3.node'), '')
    expect(bindingState(root, v).state).toBe('stale') // no stamp: built by something else
    fs.writeFileSync(path.join(dir, 'stamp.json'), JSON.stringify({ electron: '45.3.4', betterSqlite3: '12.10.0' }))
    expect(bindingState(root, v).state).toBe('stale') // better-sqlite3 was upgraded since
    fs.writeFileSync(path.join(dir, 'stamp.json'), JSON.stringify(v))
    expect(bindingState(root, v)).toEqual({ state: 'fresh', path: path.join(dir, 'better_sqlite3.node'), electron: '45.3.4' })
    fs.rmSync(root, { recursive: true, force: true })
  })
})
