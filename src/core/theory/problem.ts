/** The data of one energy landscape: which samples, their one-hot input columns and labels, σ, and an optional dense target (residual landscape E_S, §6). */
import { ValidationError } from '../errors'
import type { Task } from '../task'
import type { EnergyActivation } from './activation'
import type { Mat } from './matrix'

/** One landscape E(w) = ½‖Tᵀσ(Xw)‖², T = Ỹ (one-hot, centred over the chosen samples) or a dense residual target. */
export interface EnergyProblem {
  /** Group order / number of classes; each operand block of w has M entries. */
  readonly M: number
  /** Operands per sample; w has q·M entries, [u_1; …; u_q]. */
  readonly q: number
  /** Number of samples in the landscape. */
  readonly n: number
  /** Size of w: q·M. */
  readonly dim: number
  /** cols[i·q + j] = j·M + (j-th operand of sample i): the one-hot input as a gather into w. */
  readonly cols: Int32Array
  /** Class of each sample. */
  readonly labels: Int32Array
  /** n_c: samples per class, for the centring Ỹ = Y − 1·(n_c/n)ᵀ. */
  readonly classCount: Float64Array
  readonly act: EnergyActivation
  /** Dense n×m target replacing Ỹ (e.g. P_ηỸ); absent for the one-hot fast path. */
  readonly target?: Mat
  /** Sample indices into the task, for reports. */
  readonly samples: Int32Array
  /** Fraction of the task's samples in this landscape (n / M^q). */
  readonly fraction: number
  /** The task (its group classifies the maxima). */
  readonly task: Task
}

/** The landscape of a task over a subset of its samples (all samples when omitted). */
export function energyProblem(task: Task, act: EnergyActivation, samples?: Int32Array): EnergyProblem {
  const idx = samples ?? Int32Array.from({ length: task.numSamples }, (_, i) => i)
  if (idx.length < 2) throw new ValidationError('samples', `the energy needs at least 2 samples (got ${idx.length})`)
  const { M, q } = task
  const n = idx.length
  const cols = new Int32Array(n * q)
  const labels = new Int32Array(n)
  const classCount = new Float64Array(M)
  for (let i = 0; i < n; i++) {
    const s = idx[i]
    if (s < 0 || s >= task.numSamples) throw new ValidationError('samples', `index ${s} is outside 0..${task.numSamples - 1}`)
    for (let j = 0; j < q; j++) cols[i * q + j] = j * M + task.operands[s * q + j]
    labels[i] = task.labels[s]
    classCount[labels[i]]++
  }
  return { M, q, n, dim: q * M, cols, labels, classCount, act, samples: idx, fraction: n / task.numSamples, task }
}

/** The same samples and σ with Ỹ replaced by a dense n×m target T (the residual landscape E_S uses T = P_ηỸ). */
export function withTarget(p: EnergyProblem, target: Mat): EnergyProblem {
  if (target.rows !== p.n) throw new ValidationError('target', `needs ${p.n} rows, one per sample (got ${target.rows})`)
  return { ...p, target }
}

/** The one-hot label matrix Y (n×M) of a landscape's samples. */
export function oneHotLabels(p: EnergyProblem): Mat {
  const data = new Float64Array(p.n * p.M)
  for (let i = 0; i < p.n; i++) data[i * p.M + p.labels[i]] = 1
  return { rows: p.n, cols: p.M, data }
}

/** The hidden features F = σ(XW) (n×K) of K weight vectors on a landscape's samples. */
export function hiddenFeatures(p: EnergyProblem, ws: readonly Float64Array[], act: (x: number) => number): Mat {
  const K = ws.length
  const data = new Float64Array(p.n * K)
  for (let i = 0; i < p.n; i++) {
    for (let k = 0; k < K; k++) {
      let pre = 0
      for (let j = 0; j < p.q; j++) pre += ws[k][p.cols[i * p.q + j]]
      data[i * K + k] = act(pre)
    }
  }
  return { rows: p.n, cols: K, data }
}
