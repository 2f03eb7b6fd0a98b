import { beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/core/config'
import { cyclicProduct } from '../../src/core/groups/cyclic'
import { TrainingSession } from '../../src/core/session'
import { makeSplit, trainSize } from '../../src/core/split'
import { groupTask } from '../../src/core/task'
import { useBackend } from './helpers'

beforeAll(() => useBackend('wasm'))

/** Z_23, K = 512 ≥ n = 211 (an interpolating hidden layer), Adam lr 1e-2: the regime of Lemma 1 where η = 0 leaves
 *  G_F = 0 at the lazy fixed point, so only weight decay can turn memorisation into features. */
async function finalTestAcc(wd: number, seed: number): Promise<{ train: number; test: number }> {
  const cfg = resolveConfig({ group: '23', hidden: 512, 'train-frac': 0.4, lr: 1e-2, wd, epochs: 400, seed, 'eval-every': 50, 'diag-every': 1000 })
  const task = groupTask(cyclicProduct([23]), 2)
  const s = new TrainingSession(cfg, task, makeSplit(task.numSamples, trainSize(task.numSamples, { kind: 'fraction', trainFrac: 0.4 }, 23, 1), seed))
  for (let e = 0; e < cfg.epochs; e++) await s.runEpoch()
  const r = await s.finalRecord()
  s.dispose()
  return { train: r.train_acc, test: r.test_acc! }
}

describe('weight decay decides grokking', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: wd = 1e-3 generalizes, wd = 0 only memorizes`, async () => {
      const withWd = await finalTestAcc(1e-3, seed)
      const without = await finalTestAcc(0, seed)
      expect(withWd.test).toBeGreaterThanOrEqual(0.95)
      expect(without.train).toBeGreaterThanOrEqual(0.99)
      expect(without.test).toBeLessThan(0.3)
    })
  }
})
