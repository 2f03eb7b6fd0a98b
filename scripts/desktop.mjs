// What `npm start` does, as one function over a small I/O boundary, so that every path (Electron's binary present or
// fetched or not, a display or none, better-sqlite3 built for Electron's ABI or stale or missing) is tested with that
// boundary stubbed (test/scripts/desktop.test.ts), and scripts/start.mjs only supplies the real I/O.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs'
import path from 'node:path'

/** How long fetching Electron's binary may take before the browser host is served instead. */
export const FETCH_TIMEOUT_MS = 180_000

/**
 * @typedef {{ ok: true } | { ok: false, error: string }} Outcome
 * @typedef {{ state: 'fresh' | 'stale' | 'missing', path: string, electron: string }} BindingState
 * @typedef {{
 *   electronBinary(): string | null,
 *   fetchElectron(timeoutMs: number): Outcome | Promise<Outcome>,
 *   noDisplayReason(): string | null,
 *   bindingState(): BindingState,
 *   rebuildBinding(): Outcome | Promise<Outcome>,
 *   launchElectron(env: Record<string, string>): void,
 *   launchBrowser(): void,
 *   log(line: string): void,
 *   env: Record<string, string | undefined>,
 * }} StartIO
 */

/**
 * Opens the desktop window when it can, fetching Electron's binary and building better-sqlite3 for Electron's ABI
 * first when they are missing; otherwise serves the lab to a browser, saying why in one line and how to retry.
 * @param {StartIO} io
 * @returns {Promise<{ mode: 'electron', binding: string } | { mode: 'browser', why: string }>}
 */
export async function startDesktop(io) {
  const browser = (why) => {
    io.log(`li2: ${why}; serving the lab to a browser instead.`)
    io.launchBrowser()
    return { mode: 'browser', why }
  }
  let exe = io.electronBinary()
  if (!exe) {
    if (io.env.LI2_NO_FETCH === '1') return browser("Electron's binary is not installed and LI2_NO_FETCH=1 (run `npm run desktop:fetch` to get it)")
    io.log(`li2: fetching Electron's binary (one time, about 100 MB; at most ${FETCH_TIMEOUT_MS / 1000} s; LI2_NO_FETCH=1 skips this)…`)
    const got = await io.fetchElectron(FETCH_TIMEOUT_MS)
    exe = got.ok ? io.electronBinary() : null
    if (!exe) return browser(`could not fetch Electron's binary (${got.ok ? 'the download left no binary' : got.error}); retry with \`npm run desktop:fetch\``)
  }
  const display = io.noDisplayReason()
  if (display) return browser(`Electron is installed but there is ${display}`)
  let b = io.bindingState()
  if (b.state !== 'fresh') {
    io.log(`li2: building better-sqlite3 for Electron ${b.electron} (${b.state === 'stale' ? 'the one there is for another version' : 'one time'}), beside the Node build the CLI uses…`)
    const r = await io.rebuildBinding()
    b = io.bindingState()
    if (!r.ok || b.state !== 'fresh') {
      return browser(`could not build better-sqlite3 for Electron's ABI (${r.ok ? 'no module was produced' : r.error}); retry with \`npm run desktop:rebuild\``)
    }
  }
  io.launchElectron({ LI2_SQLITE_BINDING: b.path })
  return { mode: 'electron', binding: b.path }
}

// ---- the Electron-ABI better-sqlite3: a folder of the app's own, never node_modules (the CLI keeps Node's build) ----

/** The folder that holds better-sqlite3 built for one Electron version on this platform. */
export function bindingDir(root, electronVersion, platform = process.platform, arch = process.arch) {
  return path.join(root, 'native', `electron-${electronVersion}-${platform}-${arch}`)
}

/** The installed versions the binding depends on (from their package.json files, so nothing is loaded). */
export function installedVersions(root) {
  const v = (pkg) => JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version
  return { electron: v('electron'), betterSqlite3: v('better-sqlite3') }
}

/** Whether the Electron-ABI module is there and built for these versions (its stamp file says which). */
export function bindingState(root, versions = installedVersions(root)) {
  const dir = bindingDir(root, versions.electron)
  const file = path.join(dir, 'better_sqlite3.node')
  if (!existsSync(file)) return { state: 'missing', path: file, electron: versions.electron }
  try {
    const stamp = JSON.parse(readFileSync(path.join(dir, 'stamp.json'), 'utf8'))
    const fresh = stamp.electron === versions.electron && stamp.betterSqlite3 === versions.betterSqlite3
    return { state: fresh ? 'fresh' : 'stale', path: file, electron: versions.electron }
  } catch {
    return { state: 'stale', path: file, electron: versions.electron }
  }
}

/** Builds better-sqlite3 for Electron in a scratch copy (prebuilt binary first, else compiled against Electron's
 *  headers, both by @electron/rebuild) and keeps only the module, with a stamp of the versions it was built for. */
export async function rebuildBinding(root, versions = installedVersions(root)) {
  const scratch = path.join(root, 'native', '.build')
  rmSync(scratch, { recursive: true, force: true })
  const mod = path.join(scratch, 'node_modules', 'better-sqlite3')
  mkdirSync(path.dirname(mod), { recursive: true })
  cpSync(path.join(root, 'node_modules', 'better-sqlite3'), mod, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) })
  writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'li2-native-build', private: true, dependencies: { 'better-sqlite3': versions.betterSqlite3 } }))
  const { rebuild } = await import('@electron/rebuild')
  await rebuild({ buildPath: scratch, electronVersion: versions.electron, onlyModules: ['better-sqlite3'], force: true })
  const built = path.join(mod, 'build', 'Release', 'better_sqlite3.node')
  if (!existsSync(built)) throw new Error(`@electron/rebuild finished without ${built}`)
  const dir = bindingDir(root, versions.electron)
  mkdirSync(dir, { recursive: true })
  copyFileSync(built, path.join(dir, 'better_sqlite3.node'))
  writeFileSync(path.join(dir, 'stamp.json'), JSON.stringify({ ...versions, builtAt: new Date().toISOString() }, null, 2) + '\n')
  rmSync(scratch, { recursive: true, force: true })
  return path.join(dir, 'better_sqlite3.node')
}
