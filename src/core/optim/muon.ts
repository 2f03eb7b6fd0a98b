/** Muon as configured in the reference (§6): MuonEnhanced on W (momentum β2 = 0.99, no Nesterov, fp32, decoupled
 *  decay first, no RMS/spectral compensation) with the five NS5 coefficient triples, and Adam (coupled L2) on V.
 *  Residual layers get no update under Muon, as in the reference. */
import * as tf from '@tensorflow/tfjs-core'
import type { Grads } from '../model/step'
import type { Params } from '../model/params'
import { adamUpdate } from './adam'
import { SlotOptimizer } from './optimizer'

/** Per-iteration (a, b, c) of the reference's quintic Newton–Schulz (not Keller Jordan's 3.4445, −4.7750, 2.0315). */
export const NS5_COEFFS: readonly (readonly [number, number, number])[] = [
  [4.01, -9.22, 5.8],
  [3.49, -6.38, 3.23],
  [3.34, -6.21, 3.2],
  [3.64, -7.48, 4.43],
  [3.46, -5.35, 2.85],
]
const BETA = 0.99

/** NS5(G): approximately the orthogonal polar factor U·Vᵀ of G. Works on the wide orientation (rows ≤ cols). */
export function ns5(G: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const tall = G.shape[0] > G.shape[1]
    let X = (tall ? tf.transpose(G) : G) as tf.Tensor2D
    X = tf.div(X, tf.add(tf.sqrt(tf.sum(tf.mul(X, X))), 1e-7)) as tf.Tensor2D
    for (const [a, b, c] of NS5_COEFFS) {
      const A = tf.matMul(X, tf.transpose(X)) as tf.Tensor2D // [r, r], r = min(rows, cols)
      const B = tf.add(tf.mul(A, b), tf.mul(tf.matMul(A, A), c)) as tf.Tensor2D
      X = tf.add(tf.mul(X, a), tf.matMul(B, X)) as tf.Tensor2D
    }
    return (tall ? tf.transpose(X) : X) as tf.Tensor2D
  })
}

export class Muon extends SlotOptimizer {
  constructor(private wd: number) { super() }

  step(p: Params, g: Grads, lr: number): void {
    this.t++
    const B = this.slots.get('momentum', 'Wt', p.Wt)
    tf.tidy(() => {
      p.Wt.assign(tf.mul(p.Wt, 1 - lr * this.wd)) // decoupled decay before the update (decay_after_update=False)
      const B1 = tf.add(tf.mul(B, BETA), tf.mul(g.Wt, 1 - BETA))
      B.assign(B1)
      // NS5 is orientation-equivariant, so running it on Wᵀ gives the transpose of the reference's NS5(W)
      p.Wt.assign(tf.sub(p.Wt, tf.mul(ns5(B1 as tf.Tensor2D), lr)))
    })
    adamUpdate(this.slots, 'V', p.V, g.V, lr, this.wd, this.t, false)
  }
}
