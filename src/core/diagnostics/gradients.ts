/** Backpropagated-gradient norms of Fig. 3 (li2-theory.md §1, reference §7.1): ‖G_F‖ of the step's loss and the
 *  reference's dF_norm = ‖(Ỹ − F Vᵀ) V‖_F. Pure functions of tensors; call inside tf.tidy. */
import * as tf from '@tensorflow/tfjs-core'
import type { LossName } from '../config'

/** ‖x‖_F via mul/sum (tf.norm goes through a slow Pow kernel on wasm). */
export function frobenius(x: tf.Tensor): tf.Scalar {
  return tf.sqrt(tf.sum(tf.mul(x, x))) as tf.Scalar
}

/** ‖A·V‖_F for A [n, M], V [M, K], as √Σ (A·VVᵀ) ∘ A: an M×M Gram instead of an n×K product
 *  (the n×K norms cost ~40 ms each on wasm at Z_71, K 2048). */
function normThroughV(A: tf.Tensor2D, VVt: tf.Tensor2D): tf.Scalar {
  return tf.sqrt(tf.relu(tf.sum(tf.mul(tf.matMul(A, VVt), A)))) as tf.Scalar
}

export interface GradientNormInput {
  loss: LossName
  /** Logits Y = m·F·Vᵀ of the step, [n, M]. */
  Y: tf.Tensor2D
  /** G_F = −∂L/∂F of the step, [n, K] (only read for ce). */
  G_F: tf.Tensor2D
  /** The V the step's loss was taken at, [M, K]. */
  V: tf.Tensor2D
  /** Loss targets of the training set (Ỹ for mse, one-hot for ce), [n, M]. */
  targets: tf.Tensor2D
  outputMult: number
}

/** ‖G_F‖_F of the training loss; for mse through the M×M Gram of V, since G_F = −dY·V. */
export function gfNorm(i: GradientNormInput): tf.Scalar {
  if (i.loss !== 'mse') return frobenius(i.G_F)
  const n = i.Y.shape[0]
  const VVt = tf.matMul(i.V, tf.transpose(i.V)) as tf.Tensor2D // [M, M]
  const dY = tf.mul(tf.sub(tf.sub(i.Y, tf.mean(i.Y, 1, true)), i.targets), 2 * i.outputMult / n) as tf.Tensor2D
  return normThroughV(dY, VVt)
}

/** The reference's dF_norm = ‖(Ỹ − F Vᵀ) V‖_F: raw F, no 1/n, no P⊥, no output multiplier (reference §7.1).
 *  `FVt` is F·Vᵀ [n, M] at the V given; Ỹ is the centred one-hot for both losses. */
export function dfNorm(FVt: tf.Tensor2D, V: tf.Tensor2D, targets: tf.Tensor2D, loss: LossName): tf.Scalar {
  const M = V.shape[0]
  const centred = loss === 'mse' ? targets : tf.sub(targets, 1 / M)
  const VVt = tf.matMul(V, tf.transpose(V)) as tf.Tensor2D // [M, M]
  return normThroughV(tf.sub(centred, FVt) as tf.Tensor2D, VVt)
}
