import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/core/config'
import { openStore } from '../../src/store'
import { runBatchJob } from '../../src/runner/batchJob'
import { runTrainJob } from '../../src/runner/trainJob'
import { cleanupTmp, tmpDir } from './helpers'

afterAll(cleanupTmp)

const CFG = { group: '13', hidden: 32, epochs: 60, lr: 5e-3, wd: 1e-3, 'train-frac': 0.5, 'eval-every': 2, 'diag-every': 5, checkpoints: 6, 'resume-every': 20, backend: 'cpu' }

describe('batched runs in the store (issue 16)', () => {
  it('a batch of 4 seeds stores, run by run, what the 4 runs trained one by one store', async () => {
    const store = openStore(path.join(tmpDir(), 'li2.sqlite'))
    const seeds = [1, 2, 3, 4]
    const alone = seeds.map((seed) => store.createRun(resolveConfig({ ...CFG, seed })))
    for (const id of alone) expect(await runTrainJob(store, id)).toBe('finished')
    const batch = seeds.map((seed) => store.createRun(resolveConfig({ ...CFG, seed })))
    const ended: number[] = []
    const ends = await runBatchJob(store, batch, { onEnd: (id) => ended.push(id) })
    expect([...ends.values()]).toEqual(['finished', 'finished', 'finished', 'finished'])
    expect(ended.sort()).toEqual([...batch].sort())
    seeds.forEach((_, i) => {
      const a = store.getMetrics(alone[i]), b = store.getMetrics(batch[i])
      expect(b.epoch).toEqual(a.epoch)
      expect(b.epoch.length).toBe(61)
      expect(b.test_acc).toEqual(a.test_acc) // same per-epoch test accuracy, exactly
      expect(b.train_acc).toEqual(a.train_acc)
      b.train_loss!.forEach((l, j) => expect(l!).toBeCloseTo(a.train_loss![j]!, 5))
      b.test_loss!.forEach((l, j) => { if (l === null) expect(a.test_loss![j]).toBeNull(); else expect(l).toBeCloseTo(a.test_loss![j]!, 5) })
      expect(store.listCheckpoints(batch[i])).toEqual(store.listCheckpoints(alone[i]))
      const ra = store.getRun(alone[i])!, rb = store.getRun(batch[i])!
      expect(rb.status).toBe('finished')
      expect(rb.epochsDone).toBe(60)
      expect(rb.stages).toEqual(ra.stages)
      expect(store.getResumeState(batch[i])).toBeNull()
      expect(store.getSplit(batch[i])).toEqual(store.getSplit(alone[i]))
    })
    // the runs differ from each other (the seeds took effect)
    expect(store.getMetrics(batch[0]).train_loss).not.toEqual(store.getMetrics(batch[1]).train_loss)
    store.close()
  })

  it('a run stopped mid-batch leaves it resumable; the others finish; resumed alone it ends where the unstopped run ends', async () => {
    const store = openStore(path.join(tmpDir(), 'li2.sqlite'))
    const cfg = { ...CFG, 'resume-every': 10 }
    const ref = store.createRun(resolveConfig({ ...cfg, seed: 2 }))
    await runTrainJob(store, ref)
    const batch = [1, 2, 3].map((seed) => store.createRun(resolveConfig({ ...cfg, seed })))
    let polls = 0
    const ends = await runBatchJob(store, batch, { stopRequested: (id) => (id === batch[1] && ++polls > 2 ? 'interrupt' : null) })
    expect(ends.get(batch[1])).toBe('interrupted')
    expect(ends.get(batch[0])).toBe('finished')
    expect(ends.get(batch[2])).toBe('finished')
    const rs = store.getResumeState(batch[1])
    expect(rs).not.toBeNull()
    expect(rs!.epoch).toBeLessThanOrEqual(30)
    expect(store.getRun(batch[1])!.status).toBe('interrupted')
    // resume it unstacked: the resume state a stack writes is the unstacked one
    expect(await runTrainJob(store, batch[1])).toBe('finished')
    const a = store.getMetrics(ref), b = store.getMetrics(batch[1])
    expect(b.epoch).toEqual(a.epoch)
    expect(b.test_acc).toEqual(a.test_acc)
    b.train_loss!.forEach((l, j) => expect(l!).toBeCloseTo(a.train_loss![j]!, 4))
    store.close()
  })

  it('early stopping in a stack: each run stops where it stops alone, finished, and the others train on', async () => {
    const store = openStore(path.join(tmpDir(), 'li2.sqlite'))
    // Z_23 at p 0.6, K 256 groks near epoch 230 (earlyStopRun.test.ts); seeds grok at different epochs
    const es = { group: '23', hidden: 256, lr: 1e-2, wd: 2e-4, epochs: 2000, 'train-frac': 0.6, 'diag-every': 1000, checkpoints: 0, 'resume-every': 50, backend: 'wasm', 'stop-when': 'grok:3' }
    const seeds = [1, 2]
    const alone = seeds.map((seed) => store.createRun(resolveConfig({ ...es, seed })))
    for (const id of alone) expect(await runTrainJob(store, id)).toBe('finished')
    const batch = seeds.map((seed) => store.createRun(resolveConfig({ ...es, seed })))
    const ends = await runBatchJob(store, batch)
    expect([...ends.values()]).toEqual(['finished', 'finished'])
    seeds.forEach((_, i) => {
      const ra = store.getRun(alone[i])!, rb = store.getRun(batch[i])!
      expect(ra.summary!.stopped_early).toBeTruthy()
      expect(rb.summary!.stopped_early).toEqual(ra.summary!.stopped_early)
      expect(rb.epochsDone).toBe(ra.epochsDone)
      expect(rb.epochsDone).toBeLessThan(2000)
      expect(store.getMetrics(batch[i]).test_acc).toEqual(store.getMetrics(alone[i]).test_acc)
    })
    store.close()
  }, 120_000)
})
