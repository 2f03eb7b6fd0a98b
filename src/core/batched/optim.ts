/** The optimizers of core/optim on stacked weights [S, …]: the same update, op for op, on every run's slice, with a
 *  learning rate and weight decay per run broadcast as [S, 1, 1]. Slots carry the unstacked names ("m.Wt", "v.V", …), so
 *  a run's slice of the state is exactly the state its unstacked optimizer would hold (resume works either way). */
import * as tf from '@tensorflow/tfjs-core'
import type { OptimizerName } from '../config'
import { ns5 } from '../optim/muon'
import type { OptimizerState } from '../optim'
import type { TensorMap } from '../model/params'
import type { StackedParams } from './stack'

const B1 = 0.9, B2 = 0.999, EPS = 1e-8, SGD_MOMENTUM = 0.9, MUON_BETA = 0.99

/** [S, 1, 1] float32 per-run scalars. */
function perRun(x: number[]): tf.Tensor3D {
  return tf.tensor3d(x, [x.length, 1, 1])
}

/** NS5 of each run's [r, c] slice of G [S, r, c], by the unstacked ns5 run by run: tfjs-wasm's rank-3 BatchMatMul
 *  loops naively for batch > 1, far slower than S 2D products. */
export function stackedNs5(G: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const S = G.shape[0]
    if (S === 1) return tf.expandDims(ns5(tf.reshape(G, [G.shape[1], G.shape[2]]) as tf.Tensor2D), 0) as tf.Tensor3D
    return tf.stack(Array.from({ length: S }, (_, s) => ns5(tf.gatherND(G, tf.tensor1d([s], 'int32')) as tf.Tensor2D))) as tf.Tensor3D
  })
}

export class StackedOptimizer {
  private slots = new Map<string, tf.Variable>()
  /** Steps taken (the same for every run of a stack). */
  t: number

  /** `states`, when given, holds each run's unstacked optimizer state (all at the same step). */
  constructor(readonly name: OptimizerName, private wd: number[], states?: OptimizerState[]) {
    this.t = states?.[0]?.meta.step ?? 0
    if (states && Object.keys(states[0].tensors).length) {
      for (const key of Object.keys(states[0].tensors)) {
        const parts = states.map((s) => { const e = s.tensors[key]; if (!e) throw new Error(`optimizer state lacks ${key}`); return tf.tensor(e.data, e.shape) })
        this.slots.set(key, tf.variable(tf.stack(parts), false))
        tf.dispose(parts)
      }
    }
  }

  private slot(key: string, like: tf.Tensor): tf.Variable {
    let v = this.slots.get(key)
    if (!v) { v = tf.variable(tf.zerosLike(like), false); this.slots.set(key, v) }
    return v
  }

  /** One update of every run with its own learning rate. */
  step(p: StackedParams, g: { Wt: tf.Tensor3D; V: tf.Tensor3D }, lrs: number[]): void {
    this.t++
    const t = this.t, wd = this.wd
    const anyWd = wd.some((w) => w !== 0)
    if (this.name === 'sgd') {
      for (const [name, theta, grad] of [['Wt', p.Wt, g.Wt], ['V', p.V, g.V]] as const) {
        const buf = this.slot(`buf.${name}`, theta)
        tf.tidy(() => {
          const d = anyWd ? tf.add(grad, tf.mul(theta, perRun(wd))) : grad
          const b1 = tf.add(tf.mul(buf, SGD_MOMENTUM), d)
          buf.assign(b1)
          theta.assign(tf.sub(theta, tf.mul(b1, perRun(lrs))))
        })
      }
      return
    }
    const adam = (name: string, theta: tf.Variable, grad0: tf.Tensor, decoupled: boolean) => {
      const m = this.slot(`m.${name}`, theta), v = this.slot(`v.${name}`, theta)
      tf.tidy(() => {
        let grad = grad0
        if (decoupled) theta.assign(tf.mul(theta, perRun(lrs.map((lr, s) => 1 - lr * wd[s]))))
        else if (anyWd) grad = tf.add(grad0, tf.mul(theta, perRun(wd)))
        const m1 = tf.add(tf.mul(m, B1), tf.mul(grad, 1 - B1))
        const v1 = tf.add(tf.mul(v, B2), tf.mul(tf.mul(grad, grad), 1 - B2))
        m.assign(m1); v.assign(v1)
        const bc1 = 1 - B1 ** t, bc2 = 1 - B2 ** t
        const denom = tf.add(tf.div(tf.sqrt(v1), Math.sqrt(bc2)), EPS)
        theta.assign(tf.sub(theta, tf.mul(tf.div(m1, denom), perRun(lrs.map((lr) => lr / bc1)))))
      })
    }
    if (this.name === 'muon') {
      const B = this.slot('momentum.Wt', p.Wt)
      tf.tidy(() => {
        p.Wt.assign(tf.mul(p.Wt, perRun(lrs.map((lr, s) => 1 - lr * wd[s]))))
        const B1m = tf.add(tf.mul(B, MUON_BETA), tf.mul(g.Wt, 1 - MUON_BETA))
        B.assign(B1m)
        p.Wt.assign(tf.sub(p.Wt, tf.mul(stackedNs5(B1m as tf.Tensor3D), perRun(lrs))))
      })
      adam('V', p.V, g.V, false)
      return
    }
    const decoupled = this.name === 'adamw'
    adam('Wt', p.Wt, g.Wt, decoupled)
    adam('V', p.V, g.V, decoupled)
  }

  /** Every slot's stacked values on the host, read once for all runs' states. */
  async hostSlots(): Promise<Map<string, Float32Array>> {
    const host = new Map<string, Float32Array>()
    for (const [k, v] of this.slots) host.set(k, (await v.data()) as Float32Array)
    return host
  }

  /** Run s's slots and step, as its unstacked optimizer's `state()`, cut from `hostSlots()`. */
  stateOf(s: number, host: Map<string, Float32Array>): OptimizerState {
    const tensors: TensorMap = {}
    for (const [k, v] of this.slots) {
      const [, ...shape] = v.shape
      const size = shape.reduce((a, b) => a * b, 1)
      tensors[k] = { shape, data: host.get(k)!.slice(s * size, (s + 1) * size) }
    }
    return { tensors, meta: { step: this.t } }
  }

  /** Keeps only the given runs (in that order). */
  keep(runs: number[]): void {
    const ix = tf.tensor1d(runs, 'int32')
    for (const [k, v] of this.slots) {
      const nv = tf.tidy(() => tf.variable(tf.gather(v, ix), false))
      v.dispose(); this.slots.set(k, nv)
    }
    ix.dispose()
    this.wd = runs.map((s) => this.wd[s])
  }

  dispose(): void {
    for (const v of this.slots.values()) v.dispose()
    this.slots.clear()
  }
}
