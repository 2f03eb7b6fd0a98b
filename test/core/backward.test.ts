import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { ACTIVATIONS, LOSSES } from '../../src/core/config'
import { cyclicProduct } from '../../src/core/groups/cyclic'
import { activation } from '../../src/core/model/activations'
import { makeBatch } from '../../src/core/model/batch'
import { initParams, type Params } from '../../src/core/model/params'
import { evaluate, trainStep } from '../../src/core/model/step'
import { groupTask } from '../../src/core/task'
import { useBackend } from './helpers'

beforeAll(() => useBackend('cpu'))

const task = groupTask(cyclicProduct([5]), 2)
const samples = Int32Array.from([0, 3, 7, 8, 12, 13, 17, 19, 21, 24])

function lossAt(p: Params, spec: Parameters<typeof evaluate>[2], b: ReturnType<typeof makeBatch>): number {
  return tf.tidy(() => evaluate(p, b, spec).loss.dataSync()[0])
}

describe('explicit backward', () => {
  for (const act of ACTIVATIONS) for (const lossName of LOSSES) for (const depth of [0, 1, 2]) {
    it(`matches finite differences and autodiff: σ=${act}, loss=${lossName}, residual=${depth}`, () => {
      const b = makeBatch(task, samples, lossName)
      const p = initParams({ M: 5, K: 6, q: 2, residualLayers: depth }, 7)
      // larger weights so relu-type kinks and curvature are exercised, not a near-linear regime
      const scale = depth === 0 ? 3 : 1.5 // deep power activations blow up past float32 FD resolution at 3×
      tf.tidy(() => { p.Wt.assign(tf.mul(p.Wt, scale)); p.V.assign(tf.mul(p.V, scale)) })
      const spec = { act: activation(act), loss: lossName, outputMult: 1.5 }
      const out = tf.tidy(() => { const s = trainStep(p, b, spec); return [s.grads.Wt, s.grads.V, ...s.grads.Ut] })
      const named: [string, tf.Variable][] = [['Wt', p.Wt], ['V', p.V], ...p.Ut.map((u, l) => [`Ut${l}`, u] as [string, tf.Variable])]
      // autodiff of an independent forward (one-hot matmul instead of gathers; tfjs has no GatherNd gradient)
      const X = tf.tensor2d(Array.from(samples).flatMap((i) => {
        const row = new Array(10).fill(0); row[task.operands[2 * i]] = 1; row[5 + task.operands[2 * i + 1]] = 1; return row
      }), [samples.length, 10])
      const auto = tf.tidy(() => {
        const f = (...xs: tf.Tensor[]) => {
          let x = spec.act.f(tf.matMul(X, xs[0] as tf.Tensor2D)) as tf.Tensor2D
          for (const Ut of xs.slice(2)) x = spec.act.f(tf.add(x, tf.matMul(x, Ut as tf.Tensor2D))) as tf.Tensor2D
          const o = tf.mul(tf.matMul(x, tf.transpose(xs[1] as tf.Tensor2D)), spec.outputMult)
          if (lossName === 'mse') { const R = tf.sub(tf.sub(o, tf.mean(o, 1, true)), b.targets); return tf.div(tf.sum(tf.mul(R, R)), b.n) }
          return tf.neg(tf.div(tf.sum(tf.mul(tf.logSoftmax(o), b.targets)), b.n))
        }
        return tf.grads(f)(named.map(([, v]) => v))
      })
      named.forEach(([name, v], i) => {
        const g = out[i].dataSync(), a = auto[i].dataSync()
        let maxErr = 0, maxA = 0
        for (let k = 0; k < g.length; k++) { maxErr = Math.max(maxErr, Math.abs(g[k] - a[k])); maxA = Math.max(maxA, Math.abs(a[k])) }
        expect(maxErr, `${name} vs autodiff`).toBeLessThanOrEqual(1e-4 * Math.max(maxA, 1e-3))
        // central differences on a few entries (float32: eps 1e-2 keeps roundoff below the O(eps²) error)
        const data = v.dataSync().slice()
        for (const k of [0, Math.floor(data.length / 3), data.length - 1]) {
          const eps = 1e-2
          const set = (x: number) => { const d = data.slice(); d[k] = x; v.assign(tf.tensor(d, v.shape)) }
          set(data[k] + eps); const lp = lossAt(p, spec, b)
          set(data[k] - eps); const lm = lossAt(p, spec, b)
          set(data[k])
          const fd = (lp - lm) / (2 * eps)
          expect(Math.abs(fd - g[k]), `${name}[${k}] fd=${fd} g=${g[k]}`).toBeLessThanOrEqual(2e-3 + 2e-2 * Math.abs(fd))
        }
      })
      tf.dispose([...out, ...auto])
    })
  }

  it('G_F probe equals −∂L/∂F', () => {
    const b = makeBatch(task, samples, 'mse')
    const p = initParams({ M: 5, K: 4, q: 2, residualLayers: 0 }, 3)
    const spec = { act: activation('sqr'), loss: 'mse' as const, outputMult: 1 }
    const [GF, F] = tf.tidy(() => { const s = trainStep(p, b, spec, new Set(['G_F', 'F'])); return [s.trace.G_F!, s.trace.F!] })
    // L as a function of F only: (1/n)‖P⊥(F Vᵀ) − Ỹ‖²
    const dLdF = tf.tidy(() => tf.grad((f: tf.Tensor) => {
      const o = tf.matMul(f as tf.Tensor2D, tf.transpose(p.V))
      const R = tf.sub(tf.sub(o, tf.mean(o, 1, true)), b.targets)
      return tf.div(tf.sum(tf.mul(R, R)), b.n)
    })(F))
    const a = GF.dataSync(), d = dLdF.dataSync()
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(-d[i], 5)
  })
})
