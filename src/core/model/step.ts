/** One full-batch forward and backward pass, written out so that G_F = −∂L/∂F is a named value (li2-theory.md §1).
 *  Shapes: n samples, K hidden, M classes, q operands; Wt = Wᵀ [qM, K], V [M, K]. Matches tf.grad and finite differences. */
import * as tf from '@tensorflow/tfjs-core'
import type { LossName } from '../config'
import { type ActivationFn, liveNodes } from './activations'
import type { Batch } from './batch'
import { correctCount, loss, lossValue } from './loss'
import type { Params } from './params'

export type Probe = 'pre' | 'F' | 'Y' | 'G_F'
export const NO_PROBES: ReadonlySet<Probe> = new Set()

export interface Grads {
  Wt: tf.Tensor2D
  V: tf.Tensor2D
  Ut: tf.Tensor2D[]
}

export interface StepOut {
  loss: tf.Scalar
  /** Training samples classified right (before this step's update). */
  correct: tf.Scalar
  grads: Grads
  /** The requested intermediate tensors only. */
  trace: Partial<Record<Probe, tf.Tensor2D>>
}

export interface ModelSpec {
  act: ActivationFn
  loss: LossName
  outputMult: number
}

/** Hidden pre-activation W·x for one-hot x: a sum of q row gathers of Wt. */
function firstLayer(p: Params, b: Batch): tf.Tensor2D {
  // note: gatherND measured ~15x faster than gather on tfjs wasm for this shape
  let pre = tf.gatherND(p.Wt, b.idx[0]) as tf.Tensor2D // [n, K]
  for (let j = 1; j < b.idx.length; j++) pre = tf.add(pre, tf.gatherND(p.Wt, b.idx[j])) as tf.Tensor2D
  return pre
}

/** Logits o = m·F·Vᵀ and the hidden states needed by the backward. */
function forward(p: Params, b: Batch, spec: ModelSpec) {
  const pre = firstLayer(p, b) // [n, K]
  const xs: tf.Tensor2D[] = [spec.act.f(pre) as tf.Tensor2D] // x_0 = σ(pre)
  const zs: tf.Tensor2D[] = []
  for (const Ut of p.Ut) {
    const x = xs[xs.length - 1]
    const z = tf.add(x, tf.matMul(x, Ut)) as tf.Tensor2D // [n, K] residual layer input
    zs.push(z)
    xs.push(spec.act.f(z) as tf.Tensor2D)
  }
  let F = xs[xs.length - 1] // [n, K] the representation V reads
  if (!p.Ut.length) F = tf.mul(F, liveNodes(spec.act, tf.max(tf.abs(p.Wt), 0), b.idx.length)) as tf.Tensor2D // no subnormal products
  const Vt = tf.transpose(p.V) as tf.Tensor2D // [K, M] transpose explicitly: transposeB is ~25x slower on wasm
  let Y = tf.matMul(F, Vt) as tf.Tensor2D // [n, M]
  if (spec.outputMult !== 1) Y = tf.mul(Y, spec.outputMult) as tf.Tensor2D
  return { pre, xs, zs, F, Y }
}

/** Forward, loss and the explicit backward. Call inside tf.tidy. */
export function trainStep(p: Params, b: Batch, spec: ModelSpec, probes: ReadonlySet<Probe> = NO_PROBES): StepOut {
  const { pre, xs, zs, F, Y } = forward(p, b, spec)
  const L = loss(spec.loss, Y, b.targets)
  const dY = spec.outputMult !== 1 ? (tf.mul(L.grad, spec.outputMult) as tf.Tensor2D) : L.grad // [n, M] ∂L/∂(F·Vᵀ)
  const G_F = tf.neg(tf.matMul(dY, p.V)) as tf.Tensor2D // [n, K] G_F = −∂L/∂F: each node's Stage-II ascent direction
  const dV = tf.matMul(tf.transpose(dY), F) as tf.Tensor2D // [M, K]
  let dx = tf.neg(G_F) as tf.Tensor2D
  const dUt: tf.Tensor2D[] = []
  for (let l = p.Ut.length - 1; l >= 0; l--) {
    const dz = tf.mul(dx, spec.act.df(zs[l])) as tf.Tensor2D // [n, K]
    dUt.unshift(tf.matMul(tf.transpose(xs[l]), dz) as tf.Tensor2D) // [K, K]
    dx = tf.add(dz, tf.matMul(dz, tf.transpose(p.Ut[l]))) as tf.Tensor2D // [n, K] through x + x·Ut
  }
  const dPre = tf.mul(dx, spec.act.df(pre)) as tf.Tensor2D // [n, K]
  const qM = p.Wt.shape[0]
  // the first layer's gradient is a scatter-add of dPre rows: O(nK) instead of the one-hot GEMM
  let dWt = tf.scatterND(b.idx[0], dPre, [qM, dPre.shape[1]]) as tf.Tensor2D
  for (let j = 1; j < b.idx.length; j++) dWt = tf.add(dWt, tf.scatterND(b.idx[j], dPre, [qM, dPre.shape[1]])) as tf.Tensor2D
  const all: Record<Probe, tf.Tensor2D> = { pre, F, Y, G_F }
  const trace: Partial<Record<Probe, tf.Tensor2D>> = {}
  for (const k of probes) trace[k] = all[k]
  return { loss: L.value, correct: correctCount(Y, b.labels), grads: { Wt: dWt, V: dV, Ut: dUt }, trace }
}

/** Loss and correct count without gradients (test-set evaluation). Call inside tf.tidy. */
export function evaluate(p: Params, b: Batch, spec: ModelSpec): { loss: tf.Scalar; correct: tf.Scalar } {
  const { Y } = forward(p, b, spec)
  return { loss: lossValue(spec.loss, Y, b.targets), correct: correctCount(Y, b.labels) }
}

/** Hidden representation F (the input of V) for a batch. Call inside tf.tidy. */
export function hiddenF(p: Params, b: Batch, spec: ModelSpec): tf.Tensor2D {
  return forward(p, b, spec).F
}
