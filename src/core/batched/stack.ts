/** S runs of one task shape as one stacked model (issue 16): weights [S, rows, K], each run's samples gathered from its
 *  own slice, so one forward and backward advances all S with batched matrix products. Only the plain two-layer network
 *  stacks (no residual layers, no ridge top layer): those fall back to one run per session. */
import * as tf from '@tensorflow/tfjs-core'
import type { LossName } from '../config'
import { type ActivationFn, liveNodes } from '../model/activations'
import type { Task } from '../task'

/** The training or test samples of S runs (each run has its own seeded split, of the same size), on the backend. */
export interface StackedBatch {
  S: number
  /** Samples per run. */
  n: number
  /** For each operand j, [S·n, 1] int32 rows s·qM + operand + j·M into the flattened stacked Wt [S·qM, K]. */
  idx: tf.Tensor2D[]
  /** [S, n] int32. */
  labels: tf.Tensor2D
  /** [S, n, M]: Ỹ = onehot − 1/M for mse, onehot for ce. */
  targets: tf.Tensor3D
  /** Per run s, [n, 1] int32 rows s·n + i of a row-stacked [S·n, …] tensor: gatherND slices a run out in wasm
   *  (tfjs-wasm's Slice and SplitV copy the whole input to the JS heap first: 40–300 ms at S = 8, Z_23, K 512). */
  rows: tf.Tensor2D[]
  /** Per run s, the [1] int32 index s of a stacked [S, …] tensor, for gatherND. */
  run: tf.Tensor1D[]
  /** Per run, its sample indices into the task (kept to rebuild the batch when runs leave it). */
  hostSamples: Int32Array[]
}

/** Moves each run's samples to the backend as one stacked batch. */
export function makeStackedBatch(task: Task, samples: Int32Array[], lossName: LossName): StackedBatch {
  const S = samples.length, n = samples[0].length, qM = task.q * task.M
  if (samples.some((s) => s.length !== n)) throw new Error('stacked runs need splits of one size')
  const idx: tf.Tensor2D[] = []
  for (let j = 0; j < task.q; j++) {
    const a = new Int32Array(S * n)
    for (let s = 0; s < S; s++) for (let i = 0; i < n; i++) a[s * n + i] = s * qM + task.operands[samples[s][i] * task.q + j] + j * task.M
    idx.push(tf.tensor2d(a, [S * n, 1], 'int32'))
  }
  const lab = new Int32Array(S * n)
  for (let s = 0; s < S; s++) for (let i = 0; i < n; i++) lab[s * n + i] = task.labels[samples[s][i]]
  const labels = tf.tensor2d(lab, [S, n], 'int32')
  const targets = tf.tidy(() => {
    const onehot = tf.cast(tf.oneHot(labels, task.M), 'float32') as tf.Tensor3D
    return (lossName === 'mse' ? tf.sub(onehot, 1 / task.M) : onehot) as tf.Tensor3D
  })
  const rows = Array.from({ length: S }, (_, r) => tf.tensor2d(Int32Array.from({ length: n }, (_, i) => r * n + i), [n, 1], 'int32'))
  const run = Array.from({ length: S }, (_, r) => tf.tensor1d([r], 'int32'))
  return { S, n, idx, labels, targets, rows, run, hostSamples: samples }
}

export function disposeStackedBatch(b: StackedBatch): void {
  b.idx.forEach((t) => t.dispose()); b.labels.dispose(); b.targets.dispose(); tf.dispose([...b.rows, ...b.run])
}

export interface StackedParams {
  /** [S, qM, K] */
  Wt: tf.Variable<tf.Rank.R3>
  /** [S, M, K] */
  V: tf.Variable<tf.Rank.R3>
}

export interface StackedSpec {
  act: ActivationFn
  loss: LossName
  outputMult: number
}

export interface StackedStepOut {
  /** [S] per-run loss. */
  loss: tf.Tensor1D
  /** [S] per-run training samples classified right. */
  correct: tf.Tensor1D
  grads: { Wt: tf.Tensor3D; V: tf.Tensor3D }
  F: tf.Tensor3D
  Y: tf.Tensor3D
  G_F: tf.Tensor3D
}

/** Whether the backend runs a rank-3 matMul as one batched kernel: on a GPU (and libtensorflow) one kernel advances all
 *  S runs, which is the point of stacking there; tfjs-wasm and tfjs-cpu loop naively, so they take one 2D matMul per run. */
function nativeBatchMatMul(): boolean {
  const b = tf.getBackend()
  return b !== 'wasm' && b !== 'cpu'
}

/** Run s's product A_s·B_s for A [S·r, c] (runs stacked by rows) and B_s [c, d], as [S·r, d]. One 2D matMul per run:
 *  tfjs-wasm's rank-3 BatchMatMul takes a naive loop for batch > 1 (measured 20–100× slower than S 2D products at Z_23, K 512). */
function rowStackedMatMul(As: tf.Tensor2D[], B: tf.Tensor2D[]): tf.Tensor2D {
  if (B.length === 1) return tf.matMul(As[0], B[0])
  return tf.concat(As.map((a, s) => tf.matMul(a, B[s])), 0) as tf.Tensor2D
}

/** Each run's rows of a row-stacked [S·n, c] tensor. */
function runRows(A: tf.Tensor2D, b: StackedBatch): tf.Tensor2D[] {
  return b.S === 1 ? [A] : b.rows.map((r) => tf.gatherND(A, r) as tf.Tensor2D)
}

/** Each run's slice of a stacked [S, r, c] tensor. */
function runSlices(A: tf.Tensor3D, b: StackedBatch): tf.Tensor2D[] {
  return b.S === 1 ? [tf.reshape(A, [A.shape[1], A.shape[2]]) as tf.Tensor2D] : b.run.map((r) => tf.gatherND(A, r) as tf.Tensor2D)
}

function forward(p: StackedParams, b: StackedBatch, spec: StackedSpec) {
  const [S, qM, K] = p.Wt.shape
  const flat = tf.reshape(p.Wt, [S * qM, K]) as tf.Tensor2D
  let pre2 = tf.gatherND(flat, b.idx[0]) as tf.Tensor2D // [S·n, K]
  for (let j = 1; j < b.idx.length; j++) pre2 = tf.add(pre2, tf.gatherND(flat, b.idx[j])) as tf.Tensor2D
  const pre = pre2 // [S·n, K]
  // each run's silent nodes zeroed, as in the unstacked step (activations.ts liveNodes)
  const live = liveNodes(spec.act, tf.max(tf.abs(p.Wt), 1, true), b.idx.length) // [S, 1, K]
  const F = tf.reshape(tf.mul(tf.reshape(spec.act.f(pre), [S, b.n, K]), live), [S * b.n, K]) as tf.Tensor2D
  if (nativeBatchMatMul()) {
    let Y = tf.matMul(tf.reshape(F, [S, b.n, K]) as tf.Tensor3D, p.V, false, true) as tf.Tensor3D // [S, n, M]
    if (spec.outputMult !== 1) Y = tf.mul(Y, spec.outputMult) as tf.Tensor3D
    return { pre, F, Fs: null, Y, Vs: null }
  }
  const Vs = runSlices(p.V, b) // [M, K] each
  // explicit transpose, as in the unstacked step: transposeB is far slower on wasm
  const Fs = runRows(F, b) // each run's [n, K], gathered once for the forward and the backward
  let Y = tf.reshape(rowStackedMatMul(Fs, Vs.map((v) => tf.transpose(v) as tf.Tensor2D)), [S, b.n, -1]) as tf.Tensor3D // [S, n, M]
  if (spec.outputMult !== 1) Y = tf.mul(Y, spec.outputMult) as tf.Tensor3D
  return { pre, F, Fs, Y, Vs }
}

/** Per-run loss [S] and ∂L/∂o [S, n, M], the unstacked formulas on each run's slice. */
function stackedLoss(name: LossName, o: tf.Tensor3D, targets: tf.Tensor3D): { value: tf.Tensor1D; grad: tf.Tensor3D } {
  const n = o.shape[1]
  if (name === 'mse') {
    const R = tf.sub(tf.sub(o, tf.mean(o, 2, true)), targets) as tf.Tensor3D
    return { value: tf.div(tf.sum(tf.mul(R, R), [1, 2]), n) as tf.Tensor1D, grad: tf.mul(R, 2 / n) as tf.Tensor3D }
  }
  const logp = tf.logSoftmax(o) as tf.Tensor3D
  return { value: tf.neg(tf.div(tf.sum(tf.mul(logp, targets), [1, 2]), n)) as tf.Tensor1D, grad: tf.div(tf.sub(tf.exp(logp), targets), n) as tf.Tensor3D }
}

function stackedLossValue(name: LossName, o: tf.Tensor3D, targets: tf.Tensor3D): tf.Tensor1D {
  const n = o.shape[1]
  if (name === 'mse') {
    const R = tf.sub(tf.sub(o, tf.mean(o, 2, true)), targets)
    return tf.div(tf.sum(tf.mul(R, R), [1, 2]), n) as tf.Tensor1D
  }
  return tf.neg(tf.div(tf.sum(tf.mul(tf.logSoftmax(o), targets), [1, 2]), n)) as tf.Tensor1D
}

function correctCounts(o: tf.Tensor3D, labels: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.cast(tf.equal(tf.argMax(o, 2), labels), 'float32'), 1) as tf.Tensor1D
}

/** Forward, per-run losses and the explicit backward of all S runs. Call inside tf.tidy. */
export function stackedTrainStep(p: StackedParams, b: StackedBatch, spec: StackedSpec): StackedStepOut {
  const [S, qM, K] = p.Wt.shape
  const { pre, F, Fs, Y, Vs } = forward(p, b, spec)
  const L = stackedLoss(spec.loss, Y, b.targets)
  const dY3 = spec.outputMult !== 1 ? (tf.mul(L.grad, spec.outputMult) as tf.Tensor3D) : L.grad
  let G_F: tf.Tensor2D, dV: tf.Tensor3D
  if (Fs === null || Vs === null) {
    G_F = tf.neg(tf.reshape(tf.matMul(dY3, p.V), [S * b.n, K])) as tf.Tensor2D // [S·n, K]
    dV = tf.matMul(dY3, tf.reshape(F, [S, b.n, K]) as tf.Tensor3D, true, false) as tf.Tensor3D // [S, M, K]
  } else {
    const dYs = runRows(tf.reshape(dY3, [S * b.n, -1]) as tf.Tensor2D, b) // each run's [n, M]
    G_F = tf.neg(rowStackedMatMul(dYs, Vs)) as tf.Tensor2D // [S·n, K]
    dV = tf.reshape(tf.concat(dYs.map((d, s) => tf.matMul(tf.transpose(d), Fs[s])), 0), [S, -1, K]) as tf.Tensor3D // [S, M, K]
  }
  const dPre = tf.mul(tf.neg(G_F), spec.act.df(pre)) as tf.Tensor2D
  let dWt = tf.scatterND(b.idx[0], dPre, [S * qM, K]) as tf.Tensor2D
  for (let j = 1; j < b.idx.length; j++) dWt = tf.add(dWt, tf.scatterND(b.idx[j], dPre, [S * qM, K])) as tf.Tensor2D
  return {
    loss: L.value, correct: correctCounts(Y, b.labels), grads: { Wt: tf.reshape(dWt, [S, qM, K]) as tf.Tensor3D, V: dV },
    F: tf.reshape(F, [S, b.n, K]) as tf.Tensor3D, Y, G_F: tf.reshape(G_F, [S, b.n, K]) as tf.Tensor3D,
  }
}

/** Per-run test loss and correct count [S] without gradients. Call inside tf.tidy. */
export function stackedEvaluate(p: StackedParams, b: StackedBatch, spec: StackedSpec): { loss: tf.Tensor1D; correct: tf.Tensor1D } {
  const { Y } = forward(p, b, spec)
  return { loss: stackedLossValue(spec.loss, Y, b.targets), correct: correctCounts(Y, b.labels) }
}
