/** Adam with coupled L2 (torch.optim.Adam weight_decay) and AdamW with decoupled decay, β = (0.9, 0.999), ε = 1e-8. */
import * as tf from '@tensorflow/tfjs-core'
import type { Grads } from '../model/step'
import type { Params } from '../model/params'
import { pairs, SlotOptimizer, type Slots } from './optimizer'

const B1 = 0.9, B2 = 0.999, EPS = 1e-8

/** One Adam update of a single variable; shared with Muon, which runs Adam on V. */
export function adamUpdate(slots: Slots, name: string, theta: tf.Variable, g: tf.Tensor, lr: number, wd: number, t: number, decoupled: boolean): void {
  const m = slots.get('m', name, theta), v = slots.get('v', name, theta)
  tf.tidy(() => {
    let grad = g
    if (decoupled) theta.assign(tf.mul(theta, 1 - lr * wd)) // AdamW: θ ← θ(1 − lr·wd) before the moments
    else if (wd !== 0) grad = tf.add(g, tf.mul(theta, wd)) // Adam: g ← g + wd·θ
    const m1 = tf.add(tf.mul(m, B1), tf.mul(grad, 1 - B1))
    const v1 = tf.add(tf.mul(v, B2), tf.mul(tf.mul(grad, grad), 1 - B2))
    m.assign(m1); v.assign(v1)
    // torch: θ ← θ − (lr/bc1)·m / (√v/√bc2 + ε)
    const bc1 = 1 - B1 ** t, bc2 = 1 - B2 ** t
    const denom = tf.add(tf.div(tf.sqrt(v1), Math.sqrt(bc2)), EPS)
    theta.assign(tf.sub(theta, tf.mul(tf.div(m1, denom), lr / bc1)))
  })
}

/** Adam (coupled L2) or AdamW (decoupled) on every parameter. */
export class Adam extends SlotOptimizer {
  constructor(private wd: number, private decoupled: boolean) { super() }

  step(p: Params, g: Grads, lr: number): void {
    this.t++
    for (const [name, theta, grad] of pairs(p, g)) adamUpdate(this.slots, name, theta, grad, lr, this.wd, this.t, this.decoupled)
  }
}
