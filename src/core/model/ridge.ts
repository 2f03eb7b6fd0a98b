/** The ridge top layer (reference §2.2, `set_weight_reg` = η): V ← ((FᵀF + ηI)⁻¹FᵀỸ)ᵀ, solved in float64 on the
 *  smaller Gram side (Woodbury form Fᵀ(FFᵀ + ηI)⁻¹Ỹ when K > n). O(min(n, K)³) per step on the CPU: meant for small runs. */
import { CholeskyDecomposition, Matrix, solve } from 'ml-matrix'

/** V [M, K] (row-major Float32Array) for hidden features F [n, K] and targets Ỹ [n, M]. */
export function ridgeTopLayer(F: Float32Array, n: number, K: number, Y: Float32Array, M: number, eta: number): Float32Array {
  const Fm = new Matrix(n, K)
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) Fm.set(i, k, F[i * K + k])
  const Ym = new Matrix(n, M)
  for (let i = 0; i < n; i++) for (let c = 0; c < M; c++) Ym.set(i, c, Y[i * M + c])
  let Vt: Matrix // [K, M]
  if (K <= n) {
    const A = Fm.transpose().mmul(Fm)
    for (let k = 0; k < K; k++) A.set(k, k, A.get(k, k) + eta)
    Vt = solveSpd(A, Fm.transpose().mmul(Ym))
  } else {
    const A = Fm.mmul(Fm.transpose())
    for (let i = 0; i < n; i++) A.set(i, i, A.get(i, i) + eta)
    Vt = Fm.transpose().mmul(solveSpd(A, Ym))
  }
  const out = new Float32Array(M * K)
  for (let k = 0; k < K; k++) for (let c = 0; c < M; c++) out[c * K + k] = Vt.get(k, c)
  return out
}

function solveSpd(A: Matrix, B: Matrix): Matrix {
  const ch = new CholeskyDecomposition(A)
  // η = 0 with rank-deficient F is singular: fall back to a least-squares solve
  return ch.isPositiveDefinite() ? ch.solve(B) : solve(A, B, true)
}
