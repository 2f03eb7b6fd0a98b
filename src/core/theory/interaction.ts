/** Stage III (Thm 6; reference §6): B = (F̃ᵀF̃+ηI)⁻¹ (Woodbury when K > n), the repulsion sign rule for similar nodes, and the residual landscape E_S. */
import type { Mat } from './matrix'
import { addDiag, centreRows, column, dropColumns, gramTN, mat, matmul, matmulTN, solveSpd } from './matrix'
import { interactionB } from './ridgeB'
import { lazyStage } from './lazyStage'
import type { EnergyProblem } from './problem'
import { oneHotLabels, withTarget } from './problem'

/** One pair of similar nodes and the Thm 6 sign rule sign(b_jl) = −sign(f̃_jᵀP_{η,−jl}f̃_l). */
export interface PairSign {
  j: number
  l: number
  /** cos(f̃_j, f̃_l). */
  cosine: number
  b_jl: number
  /** f̃_jᵀP_{η,−jl}f̃_l, computed with columns j and l removed. */
  projectedInner: number
  /** −sign(projectedInner). */
  predictedSign: number
  holds: boolean
}

/** The topPairs node pairs with the largest |cos(f̃_j, f̃_l)|. */
export function mostSimilarPairs(Ft: Mat, topPairs: number): { j: number; l: number; cosine: number }[] {
  const G = gramTN(Ft), K = Ft.cols
  const out: { j: number; l: number; cosine: number }[] = []
  for (let j = 0; j < K; j++) {
    for (let l = j + 1; l < K; l++) {
      const d = Math.sqrt(G.data[j * K + j] * G.data[l * K + l])
      out.push({ j, l, cosine: d > 0 ? G.data[j * K + l] / d : 0 })
    }
  }
  return out.sort((a, b) => Math.abs(b.cosine) - Math.abs(a.cosine)).slice(0, topPairs)
}

/** f̃_jᵀP_{η,−jl}f̃_l, P_{η,−jl} = I − F̃₋(F̃₋ᵀF̃₋ + ηI)⁻¹F̃₋ᵀ with F̃₋ = F̃ without columns j, l. 'direct' solves with F̃₋; 'downdate'
 *  gets (F̃₋ᵀF̃₋+ηI)⁻¹ = B₋₋ − B₋J B_JJ⁻¹ B_J₋ from B (block inverse), O(nK + K²) per pair. */
export function projectedInner(Ft: Mat, B: Mat | null, eta: number, j: number, l: number, method: 'direct' | 'downdate'): number {
  const fj = column(Ft, j), fl = column(Ft, l)
  const Fm = dropColumns(Ft, [j, l])
  const Km = Fm.cols
  const r = matmulTN(Fm, mat(Ft.rows, 1, fl)) // [K−2, 1]  F̃₋ᵀf̃_l
  let x: Mat
  if (method === 'direct' || !B) {
    x = solveSpd(addDiag(gramTN(Fm), eta), r)
  } else {
    const K = Ft.cols
    const keep: number[] = []
    for (let t = 0; t < K; t++) if (t !== j && t !== l) keep.push(t)
    const b = (a: number, c: number): number => B.data[a * K + c]
    const det = b(j, j) * b(l, l) - b(j, l) * b(l, j)
    const Jinv = [b(l, l) / det, -b(j, l) / det, -b(l, j) / det, b(j, j) / det] // B_JJ⁻¹
    // x = B₋₋r − B₋J (B_JJ⁻¹ (B_J₋ r))
    let tj = 0, tl = 0
    for (let s = 0; s < Km; s++) { tj += b(j, keep[s]) * r.data[s]; tl += b(l, keep[s]) * r.data[s] }
    const cj = Jinv[0] * tj + Jinv[1] * tl, cl = Jinv[2] * tj + Jinv[3] * tl
    x = mat(Km, 1)
    for (let a = 0; a < Km; a++) {
      let s = 0
      for (let t = 0; t < Km; t++) s += b(keep[a], keep[t]) * r.data[t]
      x.data[a] = s - b(keep[a], j) * cj - b(keep[a], l) * cl
    }
  }
  const Px = matmul(Fm, x) // [n, 1]
  let out = 0
  for (let i = 0; i < Ft.rows; i++) out += fj[i] * (fl[i] - Px.data[i])
  return out
}

/** The sign rule on the topPairs most similar node pairs of F̃. */
export function signRule(Ft: Mat, eta: number, topPairs: number, B = interactionB(Ft, eta), method?: 'direct' | 'downdate'): PairSign[] {
  const K = Ft.cols
  const how = method ?? (K <= 64 ? 'direct' : 'downdate')
  return mostSimilarPairs(Ft, topPairs).map(({ j, l, cosine }) => {
    const b_jl = B.data[j * K + l]
    const pi = projectedInner(Ft, B, eta, j, l, how)
    const predictedSign = -Math.sign(pi)
    return { j, l, cosine, b_jl, projectedInner: pi, predictedSign, holds: Math.sign(b_jl) === predictedSign }
  })
}

/** JSON report of Thm 6 for `li2 theory`: how B was computed, the sign rule on the most similar pairs, and the residual left for E_S. */
export interface InteractionReport {
  n: number
  K: number
  eta: number
  method: 'direct' | 'woodbury'
  pairs: PairSign[]
  /** Share of the reported pairs where the sign rule holds. */
  holdShare: number
  /** Share of similar pairs (cos > 0) with b_jl < 0: the repulsion. */
  repulsionShare: number
}

/** Thm 6 report for F (n×K) and Y (n×M) at weight decay eta > 0. */
export function interactionReport(F: Mat, Y: Mat, eta: number, topPairs = 10): InteractionReport {
  if (F.rows !== Y.rows) throw new Error(`interactionReport: F has ${F.rows} rows, Y has ${Y.rows}`)
  const Ft = centreRows(F)
  const method = Ft.cols > Ft.rows && eta > 0 ? 'woodbury' : 'direct'
  const pairs = signRule(Ft, eta, topPairs, interactionB(Ft, eta))
  const similar = pairs.filter((p) => p.cosine > 0)
  return {
    n: F.rows, K: F.cols, eta, method, pairs,
    holdShare: pairs.length ? pairs.filter((p) => p.holds).length / pairs.length : 0,
    repulsionShare: similar.length ? similar.filter((p) => p.b_jl < 0).length / similar.length : 0,
  }
}

/** The residual target P_ηỸ = Ỹ − F̃V_ridge left after the features F are fitted. */
export function residualTarget(F: Mat, Y: Mat, eta: number): Mat {
  return lazyStage(F, Y, eta).residual
}

/** The residual landscape E_S(w) = ½‖(P_ηỸ)ᵀσ(Xw)‖² of a problem whose learned hidden features are F (rows = the problem's samples). */
export function residualLandscape(p: EnergyProblem, F: Mat, eta: number): EnergyProblem {
  return withTarget(p, residualTarget(F, oneHotLabels(p), eta))
}
