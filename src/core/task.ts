/** A task: every q-tuple of group elements labelled by its product (reference §4), as flat typed arrays. */
import type { FiniteGroup } from './groups/group'

export interface Task {
  /** Group name (or "expr:…"), for display and storage. */
  readonly name: string
  /** Number of classes, = |G|. Inputs are q one-hots of width M. */
  readonly M: number
  /** Operands per sample. */
  readonly q: number
  /** M^q. */
  readonly numSamples: number
  /** operands[i * q + j] = j-th operand of sample i, in 0..M-1. */
  readonly operands: Int32Array
  /** labels[i] = target class of sample i. */
  readonly labels: Int32Array
  /** The group, when the task is group arithmetic (absent for expression tasks). */
  readonly group?: FiniteGroup
  /** c in the critical ratio p = c·(mult − δ)·ln|G|/|G|: 1 for Abelian groups and expressions, d_max/2 otherwise (reference). */
  readonly criticalC: number
}

/** All q-tuples of a group, labelled by the left-folded product g1∘g2∘…∘gq. */
export function groupTask(group: FiniteGroup, q: number, criticalC = 1): Task {
  const M = group.order
  const N = M ** q
  const operands = new Int32Array(N * q)
  const labels = new Int32Array(N)
  for (let i = 0; i < N; i++) {
    // sample index i = g_0·M^(q-1) + … + g_{q-1}: the last operand varies fastest
    let r = i
    for (let j = q - 1; j >= 0; j--) { operands[i * q + j] = r % M; r = Math.floor(r / M) }
    let acc = operands[i * q]
    for (let j = 1; j < q; j++) acc = group.table[acc * M + operands[i * q + j]]
    labels[i] = acc
  }
  return { name: group.name, M, q, numSamples: N, operands, labels, group, criticalC }
}

/** A task from any labelling function of q operands in Z_M (used by expression tasks). */
export function functionTask(name: string, M: number, q: number, f: (xs: number[]) => number): Task {
  const N = M ** q
  const operands = new Int32Array(N * q)
  const labels = new Int32Array(N)
  const xs = new Array<number>(q)
  for (let i = 0; i < N; i++) {
    let r = i
    for (let j = q - 1; j >= 0; j--) { xs[j] = r % M; operands[i * q + j] = xs[j]; r = Math.floor(r / M) }
    labels[i] = ((f(xs) % M) + M) % M
  }
  return { name, M, q, numSamples: N, operands, labels, criticalC: 1 }
}
