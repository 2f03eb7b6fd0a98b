// Is out/renderer older than its sources? and build it with electron-vite. Shared by `npm start` and the e2e tests.
import { spawnSync } from 'node:child_process'
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

/** Runs `electron-vite build` (main, preload, renderer; no Electron binary needed); throws with its output on failure. */
export function buildRenderer(root, { quiet = false } = {}) {
  const bin = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const r = spawnSync(process.execPath, [existsSync(bin) ? bin : path.join(root, 'node_modules', '.bin', 'electron-vite'), 'build'], {
    cwd: root, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8', timeout: 300_000,
  })
  if (r.status !== 0) throw new Error(`electron-vite build failed (exit ${r.status})\n${r.stdout ?? ''}${r.stderr ?? ''}`)
}
