import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig, type TrainConfig } from '../../src/core/config'
import { cosineDistance } from '../../src/core/diagnostics/weights'
import { activation } from '../../src/core/model/activations'
import { makeBatch } from '../../src/core/model/batch'
import { paramsFromSnapshot, type TensorMap } from '../../src/core/model/params'
import { ridgeTopLayer } from '../../src/core/model/ridge'
import { hiddenF, trainStep } from '../../src/core/model/step'
import { TrainingSession } from '../../src/core/session'
import { makeSplit, trainSize } from '../../src/core/split'
import { buildTask } from '../../src/core/taskFactory'
import { useBackend } from './helpers'

function setup(over: Record<string, unknown>) {
  const cfg = resolveConfig({ group: '11', hidden: 24, epochs: 5, evalEvery: 1, diagEvery: 1, ...over })
  const task = buildTask(cfg)
  const split = makeSplit(task.numSamples, trainSize(task.numSamples, { kind: 'fraction', trainFrac: cfg.trainFrac! }, task.M, 1), cfg.seed)
  return { cfg, task, split }
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let num = 0, den = 0
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i] - b[i])); den = Math.max(den, Math.abs(b[i])) }
  return num / den
}

/** The reference's ridge step done by hand: V ← V_ridge(F_t), then loss and gradients at V_ridge, then the step. */
function referenceRidgeStep(cfg: TrainConfig, task: ReturnType<typeof buildTask>, trainIdx: Int32Array, w0: TensorMap) {
  return tf.tidy(() => {
    const p = paramsFromSnapshot(w0, 0)
    const b = makeBatch(task, trainIdx, 'mse')
    const spec = { act: activation(cfg.act), loss: cfg.loss, outputMult: cfg.outputMult }
    const F = hiddenF(p, b, spec)
    const Vr = ridgeTopLayer(F.dataSync() as Float32Array, b.n, cfg.hidden, b.targets.dataSync() as Float32Array, task.M, cfg.ridgeEta!)
    p.V.assign(tf.tensor2d(Vr, [task.M, cfg.hidden]))
    const s = trainStep(p, b, spec)
    const Wt = tf.sub(p.Wt, tf.mul(s.grads.Wt, cfg.lr)).dataSync() as Float32Array
    const V = tf.sub(p.V, tf.mul(s.grads.V, cfg.lr)).dataSync() as Float32Array
    const out = { Wt, V, loss: s.loss.dataSync()[0] }
    p.Wt.dispose(); p.V.dispose()
    return out
  })
}

describe('ridge top layer order (reference §2.2)', () => {
  beforeAll(() => useBackend('cpu'))
  for (const optim of ['sgd', 'adam'] as const) {
    it(`${optim}: the step's loss and gradients are taken at V_ridge(F_t), not at the old V`, async () => {
      // plain SGD (its first step has no momentum yet) and wd 0, so the step is exactly −lr·∇ at V_ridge;
      // Adam's first step is −lr·sign(∇) (up to ε), so it checks the direction of every gradient entry
      const { cfg, task, split } = setup({ loss: 'mse', ridgeEta: 1e-2, optim, lr: optim === 'sgd' ? 0.05 : 1e-3, wd: 0 })
      const s = new TrainingSession(cfg, task, split)
      const w0 = await s.weights()
      const rec = await s.runEpoch()
      const after = await s.weights()
      if (optim === 'sgd') {
        const ref = referenceRidgeStep(cfg, task, split.train, w0)
        expect(maxRelDiff(after.Wt.data, ref.Wt)).toBeLessThan(1e-5)
        expect(maxRelDiff(after.V.data, ref.V)).toBeLessThan(1e-5)
        expect(rec.train_loss).toBeCloseTo(ref.loss, 5)
      } else {
        // sign(∇W at V_ridge) differs from sign(∇W at the old V) in many entries: compare the step's direction
        const ref = referenceRidgeStep({ ...cfg, lr: 1 }, task, split.train, w0)
        let agree = 0, total = 0
        for (let i = 0; i < after.Wt.data.length; i++) {
          const mine = after.Wt.data[i] - w0.Wt.data[i], theirs = ref.Wt[i] - w0.Wt.data[i]
          if (Math.abs(theirs) > 1e-9) { total++; if (Math.sign(mine) === Math.sign(theirs)) agree++ }
        }
        expect(agree / total).toBeGreaterThan(0.999)
      }
      // dF_norm is the reference's statistic at the V before the overwrite: it differs from one at V_ridge
      expect(rec.diag!.df_norm).not.toBeNull()
      s.dispose()
    })
  }
})

/** Float64 reference of 1 − cos with compensated (Neumaier) sums, so its own error is far below the distances tested. */
function cos64(a: Float32Array, b: Float32Array): number {
  const sum = (f: (i: number) => number) => {
    let s = 0, c = 0
    for (let i = 0; i < a.length; i++) {
      const x = f(i), t = s + x
      c += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s
      s = t
    }
    return s + c
  }
  return 1 - sum((i) => a[i] * b[i]) / Math.sqrt(sum((i) => a[i] * a[i]) * sum((i) => b[i] * b[i]))
}

describe('ΔW and ΔV cosine distances', () => {
  // a seeded "weight" and a step of relative size s in a random direction, both exactly representable in float32
  function pair(n: number, s: number, seed: number): [Float32Array, Float32Array] {
    let x = seed
    const rnd = () => { x = (x * 1103515245 + 12345) % 2 ** 31; return x / 2 ** 31 - 0.5 }
    const a = Float32Array.from({ length: n }, rnd)
    const d = Float32Array.from({ length: n }, rnd)
    let na = 0, nd = 0
    for (let i = 0; i < n; i++) { na += a[i] ** 2; nd += d[i] ** 2 }
    const k = s * Math.sqrt(na / nd)
    return [a, Float32Array.from(a, (v, i) => v + k * d[i])]
  }

  for (const s of [1e-2, 3e-4, 1e-4, 3e-5, 1e-5]) {
    it(`is within 1 % of float64 for a step of relative size ${s}`, () => {
      const [a, b] = pair(290_816, s, 7) // Z_71's Wᵀ at K 2048
      const ref = cos64(a, b)
      expect(ref).toBeGreaterThan(0)
      expect(Math.abs(cosineDistance(a, b) - ref) / ref).toBeLessThan(0.01)
    })
  }

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`${backend}: a training run's dw_cos and dv_cos equal the float64 distance of its stored weights`, async () => {
      await useBackend(backend)
      const { cfg, task, split } = setup({ lr: 1e-4, wd: 1e-3 })
      const s = new TrainingSession(cfg, task, split)
      for (let e = 0; e < 3; e++) {
        const w0 = await s.weights()
        const rec = await s.runEpoch()
        const w1 = await s.weights()
        for (const [k, got] of [['Wt', rec.diag!.dw_cos], ['V', rec.diag!.dv_cos]] as const) {
          const ref = cos64(w0[k].data, w1[k].data)
          expect(got).toBeGreaterThan(0)
          expect(Math.abs(got - ref) / ref).toBeLessThan(0.01)
        }
      }
      s.dispose()
    })
  }
})
