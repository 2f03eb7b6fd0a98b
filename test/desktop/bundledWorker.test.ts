// The desktop app's training worker is electron-vite's bundle of src/runner/trainWorker.ts, not the tsx bootstrap the
// other tests use. The bundle failed to load once ("Identifier 'require' has already been declared": the bundler's ESM
// shim and a module's own `require`), and no test ran it, so every run in the app failed. Here the main target is
// built into a temp folder under out/ and a run is trained through the service on that bundled entry, as the app does; with one
// worker on this 2-core machine its checkpoints also go through the bundled writer thread.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createService } from '../../src/api/service'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// inside the checkout (out/ is ignored), so the bundle's external packages resolve from node_modules as in the app
fs.mkdirSync(path.join(ROOT, 'out'), { recursive: true })
const dir = fs.mkdtempSync(path.join(ROOT, 'out', 'bundle-test-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('the bundled training worker', () => {
  it('trains a run to the end with its checkpoints and spectra stored', async () => {
    const out = path.join(dir, 'out')
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '-c', 'test/desktop/fixtures/mainOnly.vite.config.ts', '--logLevel', 'error'],
      { cwd: ROOT, env: { ...process.env, LI2_TEST_OUT: out }, stdio: 'pipe' })
    const chunk = fs.readdirSync(path.join(out, 'chunks')).find((f) => f.startsWith('trainWorker-'))
    expect(chunk).toBeDefined()
    const h = await createService({ dbPath: path.join(dir, 'li2.sqlite'), workers: 1, workerEntry: path.join(out, 'chunks', chunk!) })
    try {
      const { id } = await h.service.startRun({ config: { group: '13', hidden: 32, epochs: 60, 'train-frac': 0.5, checkpoints: 4, backend: 'wasm' } as never })
      expect(await h.runner.waitFor(id)).toEqual({ runId: id, status: 'finished' })
      const epochs = h.store.listCheckpoints(id)
      expect(epochs.length).toBeGreaterThanOrEqual(4)
      expect(h.store.listSpectraEpochs(id)).toEqual(epochs)
      expect(h.store.getRun(id)!.epochsDone).toBe(60)
    } finally {
      await h.close()
    }
  }, 120_000)
})
