/** A sample set on the backend: per-operand row indices into Wt, labels and loss targets, built once per split. */
import * as tf from '@tensorflow/tfjs-core'
import type { LossName } from '../config'
import type { Task } from '../task'
import { lossTargets } from './loss'

export interface Batch {
  n: number
  /** For each operand j, [n, 1] int32 row indices operand + j·M into Wt (gatherND / scatterND form). */
  idx: tf.Tensor2D[]
  labels: tf.Tensor1D
  /** Ỹ = onehot − 1/M for mse, onehot for ce. */
  targets: tf.Tensor2D
  /** Host copies, for diagnostics and the ridge layer. */
  hostLabels: Int32Array
}

/** Moves the given samples of a task to the backend. */
export function makeBatch(task: Task, samples: Int32Array, lossName: LossName): Batch {
  const n = samples.length
  const idx: tf.Tensor2D[] = []
  for (let j = 0; j < task.q; j++) {
    const a = new Int32Array(n)
    for (let i = 0; i < n; i++) a[i] = task.operands[samples[i] * task.q + j] + j * task.M
    idx.push(tf.tensor2d(a, [n, 1], 'int32'))
  }
  const hostLabels = new Int32Array(n)
  for (let i = 0; i < n; i++) hostLabels[i] = task.labels[samples[i]]
  const labels = tf.tensor1d(hostLabels, 'int32')
  return { n, idx, labels, targets: lossTargets(lossName, labels, task.M), hostLabels }
}

/** Frees a batch's tensors. */
export function disposeBatch(b: Batch): void {
  b.idx.forEach((t) => t.dispose()); b.labels.dispose(); b.targets.dispose()
}
