// The checkpoint writer thread (issue 16, nothing around the step): a run trained with its checkpoints and resume states
// handed to a writer thread stores exactly what an inline run stores; a failed write fails the job whose write it was
// (only that job); and writes land in the order they were handed over.
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/core/config'
import { defaultWorkerEntry } from '../../src/runner/runner'
import { ThreadWriter } from '../../src/runner/runWriter'
import { runTrainJob } from '../../src/runner/trainJob'
import { openStore, type Store } from '../../src/store'
import { cleanupTmp, tmpDir } from './helpers'

afterAll(cleanupTmp)

const CFG = { group: '13', hidden: 32, epochs: 60, lr: 5e-3, wd: 1e-3, 'train-frac': 0.5, 'eval-every': 2, 'diag-every': 5, checkpoints: 6, 'resume-every': 20, backend: 'cpu', seed: 3 }

/** A fresh store and a writer thread on it, both closed after `fn`. */
async function withWriter(fn: (store: Store, dbPath: string, writer: ThreadWriter) => Promise<void>): Promise<void> {
  const dbPath = path.join(tmpDir(), 'li2.sqlite')
  const store = openStore(dbPath)
  const writer = new ThreadWriter(defaultWorkerEntry())
  try { await fn(store, dbPath, writer) } finally {
    await writer.close()
    store.close()
  }
}

describe('the checkpoint writer thread', () => {
  it('a run whose writes go through the thread stores the same checkpoints, spectra and metrics as an inline run', () => withWriter(async (store, dbPath, writer) => {
    const inline = store.createRun(resolveConfig(CFG))
    expect(await runTrainJob(store, inline)).toBe('finished')
    const threaded = store.createRun(resolveConfig(CFG))
    expect(await runTrainJob(store, threaded, { writer: writer.for(dbPath) })).toBe('finished')
    const epochs = store.listCheckpoints(inline)
    expect(epochs.length).toBeGreaterThanOrEqual(6)
    expect(store.listCheckpoints(threaded)).toEqual(epochs)
    expect(store.listSpectraEpochs(threaded)).toEqual(store.listSpectraEpochs(inline))
    for (const e of epochs) {
      expect(store.getCheckpoint(threaded, e)!.tensors.Wt.data).toEqual(store.getCheckpoint(inline, e)!.tensors.Wt.data)
      expect(store.getSpectra(threaded, e)!.data).toEqual(store.getSpectra(inline, e)!.data)
    }
    expect(store.getMetrics(threaded).test_acc).toEqual(store.getMetrics(inline).test_acc)
    expect(store.getRun(threaded)!.status).toBe('finished')
    expect(store.getResumeState(threaded)).toBeNull() // deleted after the drain, not overwritten by a late write
  }), 60_000)

  it('an interrupted run leaves its last resume state stored; resumed, it ends where an unbroken run ends', () => withWriter(async (store, dbPath, writer) => {
    const ref = store.createRun(resolveConfig(CFG))
    await runTrainJob(store, ref)
    const id = store.createRun(resolveConfig(CFG))
    let polls = 0
    expect(await runTrainJob(store, id, { writer: writer.for(dbPath), stopRequested: () => (++polls === 1 ? 'interrupt' : null) })).toBe('interrupted')
    const rs = store.getResumeState(id)
    expect(rs).not.toBeNull()
    expect(rs!.epoch).toBe(store.getRun(id)!.epochsDone)
    expect(await runTrainJob(store, id, { writer: writer.for(dbPath) })).toBe('finished')
    expect(store.getMetrics(id).test_acc).toEqual(store.getMetrics(ref).test_acc)
  }), 60_000)

  it('a failed write fails the job whose write it was, not another job on the same thread; writes land in order', () => withWriter(async (store, dbPath, writer) => {
    const failing = writer.for(dbPath), w = writer.for(dbPath)
    const weights = { Wt: { shape: [26, 4], data: new Float32Array(104).fill(1) }, V: { shape: [13, 4], data: new Float32Array(52).fill(2) } }
    failing.checkpoint(987654, 0, weights) // no such run (e.g. deleted while its job wound down)
    await expect(failing.drain()).rejects.toThrow('run 987654 not found')
    await expect(failing.resume(987654, { epoch: 1, params: weights, optimizer: { tensors: {}, meta: { step: 1 } } })).rejects.toThrow('run 987654 not found')
    await expect(w.drain()).resolves.toBeUndefined() // another job's handle is not failed by it
    const id = store.createRun(resolveConfig({ ...CFG, hidden: 4 }))
    for (let e = 1; e <= 10; e++) {
      await w.resume(id, { epoch: e, params: weights, optimizer: { tensors: {}, meta: { step: e } } })
    }
    await w.drain()
    const rs = store.getResumeState(id)!
    expect(rs.epoch).toBe(10)
    expect((rs.meta as { optimizer: { step: number } }).optimizer.step).toBe(10)
  }), 60_000)
})
