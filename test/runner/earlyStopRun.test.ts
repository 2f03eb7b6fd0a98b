// Early stopping end to end in the training loop: a run stops once grok:3 fires, stays 'finished', stores the rule and the
// epoch in its config and summary, and is classified as a finished run with the same outcome; a run interrupted before
// the rule fired and resumed stops at the same epoch (the watcher replays the stored history).
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/core/config'
import { openStore } from '../../src/store'
import { classifyRun } from '../../src/runner/outcomes'
import { runTrainJob } from '../../src/runner/trainJob'
import { cleanupTmp, tmpDir } from './helpers'

afterAll(cleanupTmp)

// Z_23 at p 0.6, K 256, lr 1e-2, wd 2e-4 groks near epoch 230 (test acc ≥ 0.95), far inside the 2000-epoch budget
const cfg = resolveConfig({ group: '23', hidden: 256, lr: 1e-2, wd: 2e-4, epochs: 2000, 'train-frac': 0.6, seed: 1, 'diag-every': 1000, checkpoints: 0, 'resume-every': 50, backend: 'wasm', 'stop-when': 'grok:3' })

describe('early stopping in the training loop', () => {
  it('stops after the third evaluation at ≥ 0.95, finished, with stopped_early stored; resumed, it stops at the same epoch', async () => {
    const store = openStore(path.join(tmpDir(), 'li2.sqlite'))
    try {
      const a = store.createRun(cfg)
      expect(await runTrainJob(store, a)).toBe('finished')
      const ra = store.getRun(a)!
      const se = ra.summary!.stopped_early as { rule: string; condition: string; epoch: number }
      expect(se).toMatchObject({ rule: 'grok:3', condition: 'grok' })
      expect(ra.config.stopWhen).toBe('grok:3')
      expect(ra.status).toBe('finished')
      expect(ra.epochsDone).toBe(se.epoch + 1) // the step of the firing epoch was taken; the final evaluation follows it
      expect(ra.epochsDone).toBeLessThan(2000)
      const m = store.getMetrics(a, { columns: ['test_acc'] })
      const evals = m.epoch.map((e, i) => [e, m.test_acc![i]] as const).filter(([, t]) => t !== null)
      const last3 = evals.filter(([e]) => e <= se.epoch).slice(-3)
      expect(last3.every(([, t]) => t! >= 0.95)).toBe(true)
      expect(last3[2][0]).toBe(se.epoch)
      const fin = ra.summary!.final as { train_acc: number; test_acc: number; train_loss: number }
      expect(classifyRun({ status: ra.status, trainAcc: fin.train_acc, testAcc: fin.test_acc, trainLoss: fin.train_loss, loss: 'mse', M: 23, epochs: m.epoch, testAccSeries: m.test_acc! }).outcome).toBe('generalized')

      // the same config, interrupted at its first resume point (epoch 50) and resumed
      const b = store.createRun(cfg)
      let asked = false
      expect(await runTrainJob(store, b, { stopRequested: () => (asked ? null : ((asked = true), 'interrupt')) })).toBe('interrupted')
      expect(store.getRun(b)!.epochsDone).toBeLessThan(se.epoch)
      expect(await runTrainJob(store, b)).toBe('finished')
      expect(store.getRun(b)!.summary!.stopped_early).toEqual(se)
    } finally { store.close() }
  })
})
