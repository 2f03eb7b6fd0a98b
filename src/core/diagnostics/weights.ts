/** Weight-movement diagnostics of Fig. 3: cosine distance between consecutive weights, and norms. */
import * as tf from '@tensorflow/tfjs-core'

/** 1 − ⟨A, B⟩ / (‖A‖‖B‖), as a scalar tensor. */
export function cosineDistance(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const dot = tf.sum(tf.mul(a, b))
    const den = tf.sqrt(tf.mul(tf.sum(tf.mul(a, a)), tf.sum(tf.mul(b, b))))
    return tf.sub(1, tf.div(dot, tf.maximum(den, 1e-30))) as tf.Scalar
  })
}
