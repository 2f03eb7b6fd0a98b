/** Theorem 3 (target reconstruction; reference §5): 2(M−1) σ = x² nodes with coordinated phases fit Ỹ exactly on Z_M; random phases do not. */
import { cyclicProduct } from '../groups/cyclic'
import type { Rng } from '../rng'
import { groupTask } from '../task'
import type { Mat } from './matrix'
import { centreRows, frobenius, lstsq, matmul, axpby } from './matrix'
import { energyProblem, hiddenFeatures, oneHotLabels } from './problem'

// per frequency pair ±k: the g1-only and g2-only harmonics and the ω(g1−g2) term cancel across these four, cos/sin ω(g1+g2) remain
const PHASES: readonly [number, number][] = [[0, 0], [Math.PI / 2, -Math.PI / 2], [0, Math.PI / 2], [Math.PI / 2, 0]]

/** One node w = [u; v] with u_j = cos(2πkj/M + φ1), v_j = cos(2πkj/M + φ2). */
export function cosineNode(M: number, k: number, phi1: number, phi2: number): Float64Array {
  const w = new Float64Array(2 * M)
  for (let j = 0; j < M; j++) {
    const t = (2 * Math.PI * ((k * j) % M)) / M
    w[j] = Math.cos(t + phi1)
    w[M + j] = Math.cos(t + phi2)
  }
  return w
}

/** The Thm 3 nodes: 4 per frequency 1 ≤ k < M/2 with the phases above, plus one node (0, 0) for k = M/2 when M is even: 2(M−1) nodes for odd M. */
export function phaseConstruction(M: number, frequencies?: readonly number[]): Float64Array[] {
  const ks = frequencies ?? Array.from({ length: Math.floor(M / 2) }, (_, i) => i + 1)
  const out: Float64Array[] = []
  for (const k of ks) {
    if (2 * k === M) out.push(cosineNode(M, k, 0, 0))
    else for (const [a, b] of PHASES) out.push(cosineNode(M, k, a, b))
  }
  return out
}

/** The same frequencies and node count with phases drawn uniformly (the ~50% residual baseline). */
export function randomPhaseConstruction(M: number, rng: Rng, frequencies?: readonly number[]): Float64Array[] {
  const ks = frequencies ?? Array.from({ length: Math.floor(M / 2) }, (_, i) => i + 1)
  const out: Float64Array[] = []
  const phase = (): number => rng.uniform(0, 2 * Math.PI)
  for (const k of ks) {
    const count = 2 * k === M ? 1 : 4
    for (let c = 0; c < count; c++) out.push(cosineNode(M, k, phase(), phase()))
  }
  return out
}

/** Least-squares fit of Ỹ by F̃V on the full Z_M table for σ = x² nodes; residual = ‖Ỹ − F̃V‖_F / ‖Ỹ‖_F. */
export interface Reconstruction {
  M: number
  K: number
  residual: number
  /** Hidden features F = σ(XW) on all M² pairs (rows in task order). */
  F: Mat
  V: Mat
}

/** Fits Ỹ with the given nodes on Z_M (σ = x², all pairs). */
export function reconstruct(M: number, nodes: readonly Float64Array[]): Reconstruction {
  const p = energyProblem(groupTask(cyclicProduct([M]), 2), 'sqr')
  const F = hiddenFeatures(p, nodes, (x) => x * x)
  const Ft = centreRows(F), Yt = centreRows(oneHotLabels(p))
  const V = lstsq(Ft, Yt, 1e-10)
  const res = axpby(1, Yt, -1, matmul(Ft, V))
  return { M, K: nodes.length, residual: frobenius(res) / frobenius(Yt), F, V }
}

/** JSON summary of Thm 3: the coordinated construction's residual beside random phases with the same node count (mean over trials). */
export function theorem3Report(M: number, rng: Rng, trials = 5): { M: number; K: number; constructedResidual: number; randomResidual: number } {
  const built = reconstruct(M, phaseConstruction(M))
  let rand = 0
  for (let t = 0; t < trials; t++) rand += reconstruct(M, randomPhaseConstruction(M, rng)).residual
  return { M, K: built.K, constructedResidual: built.residual, randomResidual: rand / trials }
}
