import * as tf from '@tensorflow/tfjs-core'
import { Matrix, SingularValueDecomposition } from 'ml-matrix'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Params } from '../../src/core/model/params'
import type { Grads } from '../../src/core/model/step'
import { learningRate, makeOptimizer } from '../../src/core/optim'
import { NS5_COEFFS, ns5 } from '../../src/core/optim/muon'
import { DEFAULT_CONFIG } from '../../src/core/config'
import { useBackend } from './helpers'

beforeAll(() => useBackend('cpu'))

const W0 = [0.5, -0.25, 1.0, 0.125], V0 = [0.3, -0.6]
const G = [[0.1, -0.2, 0.3, 0.05], [0.02, 0.04, -0.1, 0.2], [-0.3, 0.1, 0.0, 0.1]] // W gradient per step
const GV = [[0.5, -0.1], [0.2, 0.2], [-0.4, 0.3]]

function params(): Params {
  return { Wt: tf.variable(tf.tensor2d(W0, [2, 2])), V: tf.variable(tf.tensor2d(V0, [1, 2])), Ut: [] }
}
function grads(t: number): Grads {
  return { Wt: tf.tensor2d(G[t], [2, 2]), V: tf.tensor2d(GV[t], [1, 2]), Ut: [] }
}

/** torch.optim.Adam / AdamW, in float64, one scalar at a time. */
function adamRef(theta: number[], gs: number[][], lr: number, wd: number, decoupled: boolean): number[] {
  const th = theta.slice(), m = th.map(() => 0), v = th.map(() => 0)
  gs.forEach((g, s) => {
    const t = s + 1
    for (let i = 0; i < th.length; i++) {
      let gi = g[i]
      if (decoupled) th[i] *= 1 - lr * wd; else gi += wd * th[i]
      m[i] = 0.9 * m[i] + 0.1 * gi
      v[i] = 0.999 * v[i] + 0.001 * gi * gi
      const denom = Math.sqrt(v[i]) / Math.sqrt(1 - 0.999 ** t) + 1e-8
      th[i] -= (lr / (1 - 0.9 ** t)) * m[i] / denom
    }
  })
  return th
}

function run(optim: 'adam' | 'adamw' | 'sgd' | 'muon', lr: number, wd: number, steps = 3) {
  const p = params(), opt = makeOptimizer({ optim, wd })
  for (let t = 0; t < steps; t++) { const g = grads(t); opt.step(p, g, lr); tf.dispose([g.Wt, g.V]) }
  return { W: Array.from(p.Wt.dataSync()), V: Array.from(p.V.dataSync()) }
}

describe('optimizers match hand-computed steps', () => {
  it('Adam with coupled L2', () => {
    const r = run('adam', 0.01, 0.1)
    adamRef(W0, G, 0.01, 0.1, false).forEach((x, i) => expect(r.W[i]).toBeCloseTo(x, 6))
    adamRef(V0, GV, 0.01, 0.1, false).forEach((x, i) => expect(r.V[i]).toBeCloseTo(x, 6))
  })
  it('AdamW with decoupled decay', () => {
    const r = run('adamw', 0.01, 0.1)
    adamRef(W0, G, 0.01, 0.1, true).forEach((x, i) => expect(r.W[i]).toBeCloseTo(x, 6))
  })
  it('SGD momentum 0.9 with coupled L2', () => {
    const r = run('sgd', 0.1, 0.01)
    const th = W0.slice(), buf = th.map(() => 0)
    G.forEach((g) => th.forEach((_, i) => { buf[i] = 0.9 * buf[i] + g[i] + 0.01 * th[i]; th[i] -= 0.1 * buf[i] }))
    th.forEach((x, i) => expect(r.W[i]).toBeCloseTo(x, 6))
  })
  it('Muon: decay first, momentum 0.99, NS5 on W; Adam on V', () => {
    const r = run('muon', 0.02, 0.1, 2)
    // by hand in float64 with the reference's NS5 on the 2×2 momentum
    // ml-matrix's scalar mul/add/sub mutate in place, hence the static (copying) forms
    let W = new Matrix([[W0[0], W0[1]], [W0[2], W0[3]]]), B = Matrix.zeros(2, 2)
    for (let t = 0; t < 2; t++) {
      W = Matrix.mul(W, 1 - 0.02 * 0.1)
      B = Matrix.add(Matrix.mul(B, 0.99), Matrix.mul(new Matrix([[G[t][0], G[t][1]], [G[t][2], G[t][3]]]), 0.01))
      let X = Matrix.div(B, B.norm() + 1e-7)
      for (const [a, b, c] of NS5_COEFFS) {
        const A = X.mmul(X.transpose())
        X = Matrix.add(Matrix.mul(X, a), Matrix.add(Matrix.mul(A, b), Matrix.mul(A.mmul(A), c)).mmul(X))
      }
      W = Matrix.sub(W, Matrix.mul(X, 0.02))
    }
    W.to1DArray().forEach((x, i) => expect(r.W[i]).toBeCloseTo(x, 5))
    adamRef(V0, GV.slice(0, 2), 0.02, 0.1, false).forEach((x, i) => expect(r.V[i]).toBeCloseTo(x, 6))
  })
})

describe('NS5', () => {
  it('returns a near-orthogonal matrix with the singular vectors of its input', () => {
    const g = tf.randomNormal([20, 64], 0, 1, 'float32', 5) as tf.Tensor2D
    const O = ns5(g)
    const svd = new SingularValueDecomposition(new Matrix(O.arraySync()), { autoTranspose: true })
    // the reference coefficients push every singular value into a band around 1 rather than exactly onto it
    for (const s of svd.diagonal) { expect(s).toBeGreaterThan(0.6); expect(s).toBeLessThan(1.3) }
    // same orientation as the polar factor U·Vᵀ of g: ⟨O, UVᵀ⟩ / ‖UVᵀ‖² close to 1
    const sg = new SingularValueDecomposition(new Matrix(g.arraySync()), { autoTranspose: true })
    const polar = sg.leftSingularVectors.mmul(sg.rightSingularVectors.transpose())
    const o = new Matrix(O.arraySync())
    let dot = 0
    for (let i = 0; i < 20; i++) for (let j = 0; j < 64; j++) dot += o.get(i, j) * polar.get(i, j)
    expect(dot / 20).toBeGreaterThan(0.85)
    // tall input is handled by transposing
    const tall = ns5(tf.transpose(g) as tf.Tensor2D)
    const d = tf.max(tf.abs(tf.sub(tall, tf.transpose(O)))).dataSync()[0]
    expect(d).toBeLessThan(1e-4)
  })
})

describe('learning-rate schedules', () => {
  const base = { ...DEFAULT_CONFIG, lr: 1, lrDecayRate: 0.5, lrDecayStep: 10, lrMilestones: [3, 7], epochs: 100 }
  it('follow torch semantics', () => {
    expect(learningRate({ ...base, lrSchedule: 'none' }, 50)).toBe(1)
    expect(learningRate({ ...base, lrSchedule: 'step' }, 9)).toBe(1)
    expect(learningRate({ ...base, lrSchedule: 'step' }, 10)).toBe(0.5)
    expect(learningRate({ ...base, lrSchedule: 'exponential' }, 3)).toBe(0.125)
    expect(learningRate({ ...base, lrSchedule: 'cosine' }, 50)).toBeCloseTo(0.5, 12)
    expect(learningRate({ ...base, lrSchedule: 'cosine' }, 100)).toBeCloseTo(0, 12)
    expect(learningRate({ ...base, lrSchedule: 'multistep' }, 2)).toBe(1)
    expect(learningRate({ ...base, lrSchedule: 'multistep' }, 7)).toBe(0.25)
  })
})
