#!/usr/bin/env node
// `npm run desktop:fetch` (Electron's binary) and `npm run desktop:rebuild` (better-sqlite3 for Electron's ABI, beside
// the Node build): the two one-time steps `npm start` takes by itself, for retrying one by hand.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bindingState, FETCH_TIMEOUT_MS, rebuildBinding } from './desktop.mjs'
import { electronBinary, fetchElectron } from './start.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const what = process.argv[2]
if (what === 'fetch') {
  const r = electronBinary() ? { ok: true } : fetchElectron(FETCH_TIMEOUT_MS)
  console.log(r.ok ? `Electron's binary: ${electronBinary()}` : `li2: could not fetch Electron's binary: ${r.error}`)
  process.exit(r.ok ? 0 : 1)
} else if (what === 'rebuild') {
  try {
    const file = await rebuildBinding(root)
    console.log(`better-sqlite3 for Electron ${bindingState(root).electron}: ${file}`)
  } catch (e) {
    console.error(`li2: could not build better-sqlite3 for Electron's ABI: ${e.message}`)
    process.exit(1)
  }
} else {
  console.error('usage: desktopSetup.mjs fetch|rebuild')
  process.exit(2)
}
