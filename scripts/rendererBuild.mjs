// Is out/renderer older than its sources? and build it with electron-vite. Shared by `li2 serve` (and so `npm start`)
// and the e2e tests.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

/** Newest modification time (ms) of the files under `dir`, or 0. */
function newest(dir) {
  if (!existsSync(dir)) return 0
  const st = statSync(dir)
  if (!st.isDirectory()) return st.mtimeMs
  let t = 0
  for (const e of readdirSync(dir)) t = Math.max(t, newest(path.join(dir, e)))
  return t
}

/** True when out/renderer/index.html exists and is newer than the renderer sources, the contract and the build config. */
export function rendererIsFresh(root) {
  const built = path.join(root, 'out', 'renderer', 'index.html')
  if (!existsSync(built)) return false
  const sources = Math.max(
    newest(path.join(root, 'src', 'renderer')),
    newest(path.join(root, 'src', 'api', 'contract.ts')),
    newest(path.join(root, 'electron.vite.config.ts')),
  )
  return statSync(built).mtimeMs >= sources
}

/** electron-vite's JS entry in this checkout, or null when it is not installed (an install without dev dependencies). */
export function electronViteBin(root) {
  for (const bin of [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), path.join(root, 'node_modules', '.bin', 'electron-vite')]) {
    if (existsSync(bin)) return bin
  }
  return null
}

/** Runs `electron-vite build` (main, preload, renderer; no Electron binary needed); throws with its output on failure. */
export function buildRenderer(root, { quiet = false } = {}) {
  const r = spawnSync(process.execPath, [electronViteBin(root) ?? path.join(root, 'node_modules', '.bin', 'electron-vite'), 'build'], {
    cwd: root, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8', timeout: 300_000,
  })
  if (r.status !== 0) throw new Error(`electron-vite build failed (exit ${r.status})\n${r.stdout ?? ''}${r.stderr ?? ''}`)
}

/** buildRenderer in a child process without blocking this one (a server keeps answering while it builds). */
export function buildRendererAsync(root, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [electronViteBin(root) ?? path.join(root, 'node_modules', '.bin', 'electron-vite'), 'build'], {
      cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', timeout: 300_000,
    })
    let out = ''
    child.stdout?.on('data', (d) => { out += d })
    child.stderr?.on('data', (d) => { out += d })
    child.on('error', (e) => reject(new Error(`electron-vite build could not start: ${e.message}`)))
    child.on('close', (code, signal) => (code === 0 ? resolve() : reject(new Error(`electron-vite build failed (${signal ?? `exit ${code}`})\n${out}`))))
  })
}
