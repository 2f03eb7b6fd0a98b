/** The theory on a stored checkpoint (li2-theory.md §3–4): rebuild the hidden features F on (a seeded subsample of) the
 *  training pairs and the one-hot targets Y, then Lemma 1's lazy-stage report and Theorem 6's sign rule on them.
 *  Pure on tfjs and float64 matrices; the caller reads the checkpoint and the split and picks the backend. */
import * as tf from '@tensorflow/tfjs-core'
import type { Activation } from '../config'
import { activation } from '../model/activations'
import { makeBatch } from '../model/batch'
import { disposeParams, paramsFromSnapshot, type TensorMap } from '../model/params'
import { hiddenF } from '../model/step'
import { Rng } from '../rng'
import type { Task } from '../task'
import { interactionReport, type InteractionReport } from '../theory/interaction'
import { lazyStageReport, type LazyStageReport } from '../theory/lazyStage'
import { mat } from '../theory/matrix'

export interface CheckpointTheoryOptions {
  /** Ridge η of Lemma 1 (> 0 for the identity check). */
  eta: number
  /** Most similar node pairs for Theorem 6. */
  pairs: number
  /** Subsample caps: F is n×K, and both reports are cubic in one of them. */
  maxSamples: number
  maxNodes: number
}

export interface CheckpointTheory {
  samples: number
  nodes: number
  /** Whether either cap cut the training pairs or the nodes (a seeded subsample). */
  subsampled: boolean
  lazy_stage: LazyStageReport
  interaction: InteractionReport
}

/** Picks k of n indices (sorted, seeded), or all when n ≤ k. */
export function subsample(n: number, k: number, seed: number): Int32Array {
  if (n <= k) return Int32Array.from({ length: n }, (_, i) => i)
  return new Rng(seed).permutation(n).slice(0, k).sort()
}

/** Lemma 1 and Theorem 6 on the features F = σ(X Wᵀ …) a checkpoint's weights give on the training pairs `split`. */
export function checkpointTheory(
  task: Task, model: { act: Activation; outputMult: number; hidden: number; residualLayers: number },
  tensors: TensorMap, split: Int32Array, o: CheckpointTheoryOptions,
): CheckpointTheory {
  const rows = subsample(split.length, o.maxSamples, 11)
  const samples = Int32Array.from(rows, (i) => split[i])
  const nodes = subsample(model.hidden, o.maxNodes, 12)
  const p = paramsFromSnapshot(tensors, model.residualLayers)
  const b = makeBatch(task, samples, 'mse')
  const Fall = tf.tidy(() => hiddenF(p, b, { act: activation(model.act), loss: 'mse', outputMult: model.outputMult }).arraySync()) // [n, K_all]
  disposeParams(p)
  const n = samples.length, K = nodes.length, M = task.M
  const F = mat(n, K), Y = mat(n, M) // [n, K] chosen nodes; [n, M] one-hot targets
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < K; j++) F.data[i * K + j] = Fall[i][nodes[j]]
    Y.data[i * M + b.hostLabels[i]] = 1
  }
  return {
    samples: n, nodes: K, subsampled: n < split.length || K < model.hidden,
    lazy_stage: lazyStageReport(F, Y, o.eta), interaction: interactionReport(F, Y, o.eta, o.pairs),
  }
}
