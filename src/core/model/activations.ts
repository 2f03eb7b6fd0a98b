/** σ and σ' for the reference's activations (reference-code.md §2.1): sqr, relu, silu, relusqr. */
import * as tf from '@tensorflow/tfjs-core'
import type { Activation } from '../config'

export interface ActivationFn {
  /** σ(x), elementwise. */
  f(x: tf.Tensor): tf.Tensor
  /** σ'(x), elementwise. */
  df(x: tf.Tensor): tf.Tensor
}

// note: mul(x, x) is measured ~3x faster than square(x) on tfjs wasm
const sqr: ActivationFn = { f: (x) => tf.mul(x, x), df: (x) => tf.mul(x, 2) }
const relu: ActivationFn = { f: (x) => tf.relu(x), df: (x) => tf.step(x, 0) }
const silu: ActivationFn = {
  f: (x) => tf.mul(x, tf.sigmoid(x)),
  // d/dx x·s(x) = s + x·s·(1 − s) = s·(1 + x·(1 − s))
  df: (x) => { const s = tf.sigmoid(x); return tf.mul(s, tf.add(1, tf.mul(x, tf.sub(1, s)))) },
}
const relusqr: ActivationFn = { f: (x) => { const r = tf.relu(x); return tf.mul(r, r) }, df: (x) => tf.mul(tf.relu(x), 2) }

const TABLE: Record<Activation, ActivationFn> = { sqr, relu, silu, relusqr }

/** Below this, an activation's every contribution to an output is under float32's resolution of outputs near 1. */
const SILENT = 1e-12

/** [.., K] 0/1 per hidden node: 0 where every activation the node can produce is below SILENT in magnitude, bounding
 *  |pre| by the sum of its q largest first-layer weights (`colMax` = max |Wt| over rows, [.., K]). Weight decay parks the
 *  nodes it switches off at |w| ~ 1e-19…1e-8; their activations then enter the matMuls on F as subnormal products,
 *  which the CPU computes on a slow path: late in the Fig. 3 run F·Vᵀ took 65 ms instead of 22 (wasm). Zeroing such
 *  activations changes no output a float32 can hold; the backward still uses the true pre-activations, so a silent
 *  node gets its gradient and can come back. */
export function liveNodes(act: ActivationFn, colMax: tf.Tensor, q: number): tf.Tensor {
  const bound = tf.mul(colMax, q)
  const reach = tf.maximum(tf.abs(act.f(bound)), tf.abs(act.f(tf.neg(bound))))
  return tf.cast(tf.greaterEqual(reach, SILENT), 'float32')
}

/** The activation pair for a config name. */
export function activation(name: Activation): ActivationFn {
  return TABLE[name]
}

/** σ in float64 on plain numbers, for the theory engine and tests. */
export function sigma64(name: Activation, x: number): number {
  switch (name) {
    case 'sqr': return x * x
    case 'relu': return x > 0 ? x : 0
    case 'silu': return x / (1 + Math.exp(-x))
    case 'relusqr': return x > 0 ? x * x : 0
  }
}

/** σ' in float64 on plain numbers. */
export function dsigma64(name: Activation, x: number): number {
  switch (name) {
    case 'sqr': return 2 * x
    case 'relu': return x > 0 ? 1 : 0
    case 'silu': { const s = 1 / (1 + Math.exp(-x)); return s * (1 + x * (1 - s)) }
    case 'relusqr': return x > 0 ? 2 * x : 0
  }
}
