/** Losses of the reference (§3): projected MSE and softmax cross-entropy, each with its gradient ∂L/∂o written out. */
import * as tf from '@tensorflow/tfjs-core'
import type { LossName } from '../config'

export interface LossOut {
  /** Scalar loss. */
  value: tf.Scalar
  /** ∂L/∂o, [n, M]. */
  grad: tf.Tensor2D
}

/** Targets prepared once per sample set: the centred one-hot Ỹ = onehot − 1/M (mse) or the one-hot (ce). */
export function lossTargets(name: LossName, labels: tf.Tensor1D, M: number): tf.Tensor2D {
  return tf.tidy(() => {
    const onehot = tf.cast(tf.oneHot(labels, M), 'float32') as tf.Tensor2D
    return name === 'mse' ? tf.sub(onehot, 1 / M) : onehot
  })
}

/** L and ∂L/∂o for logits o [n, M] and the prepared targets.
 *  mse: L = (1/n) Σ_i ‖P⊥o_i − ỹ_i‖², ∂L/∂o = (2/n)(P⊥o − ỹ) (P⊥ removes each row's mean; P⊥ỹ = ỹ).
 *  ce:  L = mean_i [logsumexp(o_i) − o_{i,y}], ∂L/∂o = (softmax(o) − onehot)/n. */
export function loss(name: LossName, o: tf.Tensor2D, targets: tf.Tensor2D): LossOut {
  const n = o.shape[0]
  if (name === 'mse') {
    const R = tf.sub(tf.sub(o, tf.mean(o, 1, true)), targets) as tf.Tensor2D // [n, M] P⊥o − ỹ
    return { value: tf.div(tf.sum(tf.mul(R, R)), n) as tf.Scalar, grad: tf.mul(R, 2 / n) as tf.Tensor2D }
  }
  const logp = tf.logSoftmax(o) as tf.Tensor2D
  const value = tf.neg(tf.div(tf.sum(tf.mul(logp, targets)), n)) as tf.Scalar
  return { value, grad: tf.div(tf.sub(tf.exp(logp), targets), n) as tf.Tensor2D }
}

/** Loss value only (evaluation), same formulas. */
export function lossValue(name: LossName, o: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  const n = o.shape[0]
  if (name === 'mse') {
    const R = tf.sub(tf.sub(o, tf.mean(o, 1, true)), targets)
    return tf.div(tf.sum(tf.mul(R, R)), n) as tf.Scalar
  }
  return tf.neg(tf.div(tf.sum(tf.mul(tf.logSoftmax(o), targets)), n)) as tf.Scalar
}

/** Number of rows whose argmax equals the label. */
export function correctCount(o: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(o, 1), labels), 'float32')) as tf.Scalar
}
