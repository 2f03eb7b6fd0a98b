#!/usr/bin/env node
// `npm start`: the desktop app when Electron's binary and a display are there; otherwise the same lab served to a
// browser by `li2 serve` (which builds the lab UI when it is missing or stale), with one line saying why. Extra arguments
// go to `li2 serve` (e.g. `npm start -- --port 8080`).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const electronDir = path.join(root, 'node_modules', 'electron')

/** The Electron executable if installed, else null. Reads path.txt itself: require('electron') would try to download. */
function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const exe = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(exe) ? exe : null
}

/** Why a window cannot open here, or null when it can. */
function noDisplayReason() {
  if (process.platform !== 'linux') return null
  return process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? null : 'no display ($DISPLAY and $WAYLAND_DISPLAY are unset)'
}

/** Runs a child with our stdio, forwards SIGINT/SIGTERM, and exits with its code. */
function runAndExit(cmd, args) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' })
  const forward = (sig) => child.kill(sig)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
}

if (!electronBinary() && process.env.LI2_FETCH_ELECTRON === '1') {
  console.log('li2: LI2_FETCH_ELECTRON=1: downloading the Electron binary…')
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: root, stdio: 'inherit', timeout: 300_000 })
}

const exe = electronBinary()
const display = noDisplayReason()
if (exe && !display) {
  runAndExit(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview'])
} else {
  const why = !exe
    ? "Electron's binary is not installed (offline install); serving the lab to a browser instead — run `node node_modules/electron/install.js` where the network allows"
    : `Electron is installed but there is ${display}; serving the lab to a browser instead`
  console.log(`li2: ${why}.`) // li2 serve builds the lab UI first when it is missing or stale (scripts/rendererBuild.mjs)
  runAndExit(process.execPath, [path.join(root, 'bin', 'li2.mjs'), 'serve', ...process.argv.slice(2)])
}
