// Pause, resume and cancel of a sweep's queue: a pause interrupts runs in flight and hands their jobs back (resumed later
// from their resume state, same run id); cancel empties the queue and stops runs in flight.
import { afterAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import { openStore } from '../../src/store'
import { enqueueSweep, SweepRunner } from '../../src/runner/sweepRunner'
import { cleanupTmp, tmpDir, until } from './helpers'

afterAll(cleanupTmp)

const fixed = { group: '23', hidden: 128, epochs: 1500, 'resume-every': 50, 'diag-every': 1000, checkpoints: 0, backend: 'wasm' }

describe('pause, resume, cancel', () => {
  it('pause hands jobs back; resume finishes every run once', async () => {
    const db = path.join(tmpDir(), 'li2.sqlite')
    const store = openStore(db)
    const q = enqueueSweep(store, { name: 'p', fixed, grid: { seed: [1, 2, 3] } })
    const runner = new SweepRunner({ dbPath: db, workers: 1 })
    const first = runner.run(q.sweepId)
    await until(() => (store.listRuns({ status: 'running' })[0]?.epochsDone ?? 0) >= 100)
    const paused = store.listRuns({ status: 'running' })[0].id
    runner.pause(q.sweepId)
    const c = await first
    expect(c).toMatchObject({ queued: 3, running: 0, done: 0 })
    expect(store.getRun(paused)!.status).toBe('interrupted')
    expect(store.getResumeState(paused)!.epoch).toBeGreaterThanOrEqual(50)
    const done = await runner.resume(q.sweepId)
    expect(done).toMatchObject({ done: 3, queued: 0 })
    const runs = store.listRuns()
    expect(runs).toHaveLength(3)
    expect(runs.every((r) => r.status === 'finished')).toBe(true)
    expect(store.getMetrics(paused, { columns: [] }).epoch).toHaveLength(1501)
    await runner.close()
    store.close()
  })

  it('cancel stops the sweep; re-enqueueing the spec requeues and finishes it', async () => {
    const db = path.join(tmpDir(), 'li2.sqlite')
    const store = openStore(db)
    const spec = { name: 'c', fixed, grid: { seed: [1, 2, 3] } }
    const q = enqueueSweep(store, spec)
    const runner = new SweepRunner({ dbPath: db, workers: 1, batch: 1 }) // one run at a time, so two stay queued
    const first = runner.run(q.sweepId)
    await until(() => store.listRuns({ status: 'running' }).length === 1)
    expect(runner.cancel(q.sweepId)).toBe(2)
    expect(await first).toMatchObject({ cancelled: 3, queued: 0, running: 0 })
    expect(store.listRuns()[0].status).toBe('cancelled')
    expect(enqueueSweep(store, spec)).toMatchObject({ added: 0, skipped: 3, requeued: 3 })
    expect(await runner.run(q.sweepId)).toMatchObject({ done: 3 })
    expect(store.listRuns()).toHaveLength(3)
    await runner.close()
    store.close()
  })
})
