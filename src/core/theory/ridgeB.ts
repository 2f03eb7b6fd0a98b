/** B = (F̃ᵀF̃ + ηI)⁻¹, the paper's interaction matrix (Lemma 1, Thm 6): directly, or by Woodbury when K > n (reference §6). */
import type { Mat } from './matrix'
import { addDiag, axpby, eye, inverseSpd, matmulNT, matmulTN, solveSpd } from './matrix'

/** B = (F̃ᵀF̃ + ηI)⁻¹ by the K×K inverse. */
export function directB(Ft: Mat, eta: number): Mat {
  return inverseSpd(addDiag(matmulTN(Ft, Ft), eta))
}

/** B by Woodbury, B = (1/η)(I − F̃ᵀ(F̃F̃ᵀ + ηI)⁻¹F̃) = (1/η)I − (1/η²)F̃ᵀ(I + F̃F̃ᵀ/η)⁻¹F̃: an n×n solve instead of a K×K inverse (needs η > 0).
 *  Note: li2-theory.md §6 writes (1/η²)F̃ᵀ(F̃F̃ᵀ + ηI)⁻¹F̃, which mixes the two forms; the test checks this one against the direct inverse. */
export function woodburyB(Ft: Mat, eta: number): Mat {
  if (!(eta > 0)) throw new Error('woodburyB: needs eta > 0')
  const inner = matmulTN(Ft, solveSpd(addDiag(matmulNT(Ft, Ft), eta), Ft)) // [K, K]  F̃ᵀ(F̃F̃ᵀ+ηI)⁻¹F̃
  return axpby(1, eye(Ft.cols, 1 / eta), -1 / eta, inner)
}

/** B, choosing Woodbury when K > n and η > 0. */
export function interactionB(Ft: Mat, eta: number): Mat {
  return Ft.cols > Ft.rows && eta > 0 ? woodburyB(Ft, eta) : directB(Ft, eta)
}
