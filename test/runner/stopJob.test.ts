// Cancellation belongs to a job, not to a run id: deleting a running run never cancels the next run (ids are not reused
// and the deleted run's late stop is dropped), and a stop that reaches a worker after its job ended is ignored.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { createService } from '../../src/api/service'
import { DEFAULT_CONFIG, resolveConfig } from '../../src/core/config'
import { openStore } from '../../src/store'
import type { FromWorker } from '../../src/runner/messages'
import { cleanupTmp, tmpDir, until } from './helpers'

afterAll(cleanupTmp)

const ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/worker.mjs')
const fixed = { group: '23', hidden: 128, 'resume-every': 50, 'diag-every': 1000, checkpoints: 0, backend: 'wasm' }

describe('a stop is tied to its job', () => {
  it('a running run cancelled and deleted at once, then another started: a new id, and it finishes (li2 serve --workers 1)', async () => {
    const db = path.join(tmpDir(), 'li2.sqlite')
    const h = await createService({ dbPath: db, workers: 1 })
    try {
      const { id: a } = await h.service.startRun({ config: { ...fixed, epochs: 100_000 } })
      await until(() => (h.store.getRun(a)?.epochsDone ?? 0) > 0)
      const aEnded = h.runner.waitFor(a)
      // the service refuses to trash a training run; a run removed under its worker (cancelled, then purged from the
      // store at once) must still leave no stale stop for the next run
      await expect(h.service.deleteRun({ id: a })).rejects.toMatchObject({ field: 'id' })
      h.runner.cancel(a)
      h.store.deleteRun(a)
      const { id: b } = await h.service.startRun({ config: { ...fixed, epochs: 120 } })
      expect(b).not.toBe(a)
      expect(await h.runner.waitFor(b)).toEqual({ runId: b, status: 'finished' })
      expect(h.store.getRun(b)).toMatchObject({ status: 'finished', epochsDone: 120 })
      expect(await aEnded).toMatchObject({ runId: a, status: 'cancelled' }) // deleted under its worker: ends quietly, not 'failed'
      expect(h.store.getRun(a)).toBeNull()
    } finally {
      await h.close()
    }
  })

  it('a stop that arrives after its job ended does not stop the next job of the same run', async () => {
    const db = path.join(tmpDir(), 'li2.sqlite')
    const store = openStore(db)
    const good = resolveConfig({ ...fixed, epochs: 120 })
    const id = store.createRun({ ...DEFAULT_CONFIG, ...good, hidden: 0 }) // fails validation at once: job 1 ends fast
    const worker = new Worker(ENTRY)
    const ends: FromWorker[] = []
    worker.on('message', (m: FromWorker) => { if (m.type !== 'progress') ends.push(m) })
    try {
      worker.postMessage({ type: 'run', job: 1, runId: id, dbPath: db })
      await until(() => ends.length === 1)
      expect(ends[0]).toMatchObject({ type: 'error', runId: id })
      // the user's cancel of job 1 lands late; then the run, fixed, is trained again as job 2
      worker.postMessage({ type: 'stop', job: 1, runId: id, mode: 'cancel' })
      store.updateRun(id, { config: good })
      worker.postMessage({ type: 'run', job: 2, runId: id, dbPath: db })
      await until(() => ends.length === 2)
      expect(ends[1]).toMatchObject({ type: 'done', runId: id, status: 'finished' })
      expect(store.getRun(id)).toMatchObject({ status: 'finished', epochsDone: 120 })
    } finally {
      await worker.terminate()
      store.close()
    }
  })
})
