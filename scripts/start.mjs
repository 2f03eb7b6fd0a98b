#!/usr/bin/env node
// `npm start`: the desktop window, fetching Electron's binary and building better-sqlite3 for Electron's ABI the first
// time; where either cannot be had (offline, no display), the same lab served to a browser by `li2 serve`, with one line
// saying why and how to retry. The decisions are scripts/desktop.mjs's startDesktop; this file supplies the real I/O.
// Extra arguments go to `li2 serve` (e.g. `npm start -- --port 8080`).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bindingState, rebuildBinding, startDesktop } from './desktop.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const electronDir = path.join(root, 'node_modules', 'electron')

/** The Electron executable if installed, else null. Reads path.txt itself: require('electron') would try to download. */
export function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const exe = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(exe) ? exe : null
}

/** Electron's own install script (it prints its download progress), bounded by `timeoutMs`. */
export function fetchElectron(timeoutMs) {
  const r = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: root, stdio: 'inherit', timeout: timeoutMs, env: { ...process.env, force_no_cache: 'false' } })
  if (r.error) return { ok: false, error: r.error.code === 'ETIMEDOUT' ? `no answer within ${timeoutMs / 1000} s` : r.error.message }
  return r.status === 0 ? { ok: true } : { ok: false, error: `the download failed (exit ${r.status})` }
}

/** Runs a child with our stdio, forwards SIGINT/SIGTERM, and exits with its code. */
function runAndExit(cmd, args, env = {}) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  const forward = (sig) => child.kill(sig)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await startDesktop({
    env: process.env,
    electronBinary,
    fetchElectron,
    noDisplayReason: () => (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? null : 'no display ($DISPLAY and $WAYLAND_DISPLAY are unset)'),
    bindingState: () => bindingState(root),
    rebuildBinding: async () => {
      try { await rebuildBinding(root); return { ok: true } } catch (e) { return { ok: false, error: e.message.split('\n')[0] } }
    },
    launchElectron: (env) => runAndExit(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview'], env),
    // li2 serve builds the lab UI first when it is missing or stale (scripts/rendererBuild.mjs)
    launchBrowser: () => runAndExit(process.execPath, [path.join(root, 'bin', 'li2.mjs'), 'serve', ...process.argv.slice(2)]),
    log: (line) => console.log(line),
  })
}
