/** B = (F̃ᵀF̃ + ηI)⁻¹, the paper's interaction matrix (Lemma 1, Thm 6): directly, or by Woodbury when K > n (reference §6). */
import type { Mat } from './matrix'
import { addDiag, axpby, cholesky, eye, forwardSolve, gramNT, gramTN, inverseSpd, matmulNT, matmulTN, solveSpd, transpose } from './matrix'

/** B = (F̃ᵀF̃ + ηI)⁻¹ by the K×K inverse. */
export function directB(Ft: Mat, eta: number): Mat {
  return inverseSpd(addDiag(gramTN(Ft), eta))
}

/** B by Woodbury, B = (1/η)(I − F̃ᵀ(F̃F̃ᵀ + ηI)⁻¹F̃) = (1/η)I − (1/η²)F̃ᵀ(I + F̃F̃ᵀ/η)⁻¹F̃: an n×n solve instead of a K×K inverse (needs η > 0).
 *  Note: li2-theory.md §6 writes (1/η²)F̃ᵀ(F̃F̃ᵀ + ηI)⁻¹F̃, which mixes the two forms; the test checks this one against the direct inverse. */
export function woodburyB(Ft: Mat, eta: number): Mat {
  if (!(eta > 0)) throw new Error('woodburyB: needs eta > 0')
  const L = cholesky(addDiag(gramNT(Ft), eta)) // F̃F̃ᵀ + ηI = LLᵀ, positive definite for η > 0
  if (!L) throw new Error('woodburyB: F̃F̃ᵀ + ηI is not positive definite')
  const Z = forwardSolve(L, Ft) // [n, K]  L⁻¹F̃
  const inner = gramTN(Z) // [K, K]  F̃ᵀ(F̃F̃ᵀ+ηI)⁻¹F̃ = ZᵀZ
  return axpby(1, eye(Ft.cols, 1 / eta), -1 / eta, inner)
}

/** B, choosing Woodbury when K > n and η > 0. */
export function interactionB(Ft: Mat, eta: number): Mat {
  return Ft.cols > Ft.rows && eta > 0 ? woodburyB(Ft, eta) : directB(Ft, eta)
}

/** X·B for X (m×K) without forming B: a K×K solve when K ≤ n, else Woodbury, X·B = (1/η)(X − ((F̃F̃ᵀ+ηI)⁻¹F̃Xᵀ)ᵀF̃). */
export function timesB(X: Mat, Ft: Mat, eta: number): Mat {
  if (Ft.cols <= Ft.rows || !(eta > 0)) return transpose(solveSpd(addDiag(gramTN(Ft), eta), transpose(X))) // B symmetric
  const S = solveSpd(addDiag(gramNT(Ft), eta), matmulNT(Ft, X)) // [n, m]  (F̃F̃ᵀ+ηI)⁻¹F̃Xᵀ
  return axpby(1 / eta, X, -1 / eta, matmulTN(S, Ft)) // [m, K]
}
