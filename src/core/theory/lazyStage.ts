/** Stage I (Prop. 1, Lemma 1; reference §2): the ridge top layer V_ridge for frozen features F and the backpropagated gradient G_F* it leaves. */
import type { Mat } from './matrix'
import { addDiag, axpby, centreRows, frobenius, gramNT, gramTN, matmul, matmulNT, matmulTN, relError, solveSpd } from './matrix'
import { timesB } from './ridgeB'

/** The lazy fixed point for frozen F. */
export interface LazyStage {
  /** F̃ = P⊥F (n×K). */
  Ft: Mat
  /** Ỹ = P⊥Y (n×M). */
  Yt: Mat
  /** V_ridge = (F̃ᵀF̃ + ηI)⁻¹F̃ᵀỸ (K×M); the min-norm least-squares solution when η = 0. */
  V: Mat
  /** P_ηỸ = Ỹ − F̃V_ridge (n×M): the ridge residual G_F carries. */
  residual: Mat
  /** G_F* = (Ỹ − F̃V_ridge)V_ridgeᵀ (n×K). */
  G_F: Mat
  /** The Gram matrix of F̃ on the smaller side (F̃ᵀF̃ when K ≤ n, else F̃F̃ᵀ), without η. */
  gram: Mat
}

/** V_ridge and G_F* for features F (n×K) and targets Y (n×M, e.g. one-hot); solves on the smaller side (push-through identity when K > n). */
export function lazyStage(F: Mat, Y: Mat, eta: number): LazyStage {
  if (F.rows !== Y.rows) throw new Error(`lazyStage: F has ${F.rows} rows, Y has ${Y.rows}`)
  if (!(eta >= 0)) throw new Error(`lazyStage: eta must be ≥ 0 (got ${eta})`)
  const Ft = centreRows(F), Yt = centreRows(Y)
  let V: Mat, gram: Mat
  if (Ft.cols <= Ft.rows) {
    gram = gramTN(Ft) // [K, K]
    V = solveSpd(addDiag(gram, eta), matmulTN(Ft, Yt)) // [K, M]  (F̃ᵀF̃ + ηI)⁻¹F̃ᵀỸ
  } else {
    gram = gramNT(Ft) // [n, n]
    V = matmulTN(Ft, solveSpd(addDiag(gram, eta), Yt)) // [K, M]  F̃ᵀ(F̃F̃ᵀ + ηI)⁻¹Ỹ, the same matrix (push-through)
  }
  const residual = axpby(1, Yt, -1, matmul(Ft, V)) // [n, M]  P_ηỸ
  const G_F = matmulNT(residual, V) // [n, K]
  return { Ft, Yt, V, residual, G_F, gram }
}

/** JSON report of Stage I for `li2 theory`: norms, the Lemma 1 identity check, the Stage-II scalar approximation and the Fig. 3 diagonality errors. */
export interface LazyStageReport {
  n: number
  K: number
  M: number
  eta: number
  /** ‖G_F*‖_F. */
  gradNorm: number
  /** ‖ỸỸᵀF̃‖_F: the label-aligned term that dominates early (Prop. 1). */
  labelTermNorm: number
  /** ‖P_ηỸ‖ / ‖Ỹ‖: share of the target the ridge layer leaves (0 when it interpolates at η = 0). */
  residualShare: number
  /** ‖G_F* − η(F̃F̃ᵀ+ηI)⁻¹ỸỸᵀF̃B‖/‖·‖ (Lemma 1), computed by the other route; null when η = 0 or the check was skipped. */
  lemma1Error: number | null
  /** Stage-II approximation G_F ≈ η/((Kc+η)(nc+η))·ỸỸᵀF̃ with c = ‖F̃‖²_F/(nK). */
  stageII: { c: number; scalar: number; cosine: number; relError: number }
  /** Relative Frobenius norm of the off-diagonal part of F̃ᵀF̃, and of the residual of fitting FFᵀ by aI + b11ᵀ (Fig. 3, fit_diag_11); null when skipped. */
  diagonality: { FtF: number; FFt: number } | null
}

/** What lazyStageReport computes beyond the fixed point; the defaults keep one report to a few seconds. */
export interface LazyReportOptions {
  /** Lemma 1 check by the other route (an n×n solve and B); default when n·K·min(n, K) ≤ 3e9. */
  checkIdentity?: boolean
  /** Fig. 3 diagonality errors (one more Gram matrix); default true. */
  diagonality?: boolean
}

/** Stage-I report for F (n×K row-major) and Y (n×M) at weight decay eta. */
export function lazyStageReport(F: Mat, Y: Mat, eta: number, opts: LazyReportOptions = {}): LazyStageReport {
  const { Ft, Yt, residual, G_F, gram } = lazyStage(F, Y, eta)
  const n = F.rows, K = F.cols, M = Y.cols
  const { checkIdentity = n * K * Math.min(n, K) <= 3e9, diagonality = true } = opts
  const labelTerm = matmul(Yt, matmulTN(Yt, Ft)) // [n, K]  ỸỸᵀF̃
  let lemma1Error: number | null = null
  if (eta > 0 && checkIdentity) {
    const PYt = solveSpd(addDiag(gramNT(Ft), eta), Yt) // [n, M]  (F̃F̃ᵀ+ηI)⁻¹Ỹ
    const rhs = matmul(PYt, timesB(matmulTN(Yt, Ft), Ft, eta)) // [n, K]  multiply the thin side first
    for (let i = 0; i < rhs.data.length; i++) rhs.data[i] *= eta
    lemma1Error = relError(G_F, rhs)
  }
  const fro2 = frobenius(Ft) ** 2
  const c = fro2 / (n * K)
  const scalar = eta / ((K * c + eta) * (n * c + eta))
  let dot = 0
  for (let i = 0; i < G_F.data.length; i++) dot += G_F.data[i] * labelTerm.data[i]
  const gN = frobenius(G_F), lN = frobenius(labelTerm)
  const approx = axpby(scalar, labelTerm, 0, labelTerm)
  return {
    n, K, M, eta,
    gradNorm: gN,
    labelTermNorm: lN,
    residualShare: frobenius(residual) / Math.max(frobenius(Yt), 1e-300),
    lemma1Error,
    stageII: { c, scalar, cosine: gN > 0 && lN > 0 ? dot / (gN * lN) : 0, relError: relError(approx, G_F) },
    diagonality: diagonality ? { FtF: offDiagonalShare(Ft, gram), FFt: diagPlusOnesFitError(F) } : null,
  }
}

// ‖A‖²_F of the Gram A = XᵀX, computed on the smaller side (‖XᵀX‖_F = ‖XXᵀ‖_F)
function gramFro2(X: Mat): number {
  const G = X.cols <= X.rows ? gramTN(X) : gramNT(X)
  return frobenius(G) ** 2
}

/** ‖offdiag(XᵀX)‖_F / ‖XᵀX‖_F; gram may be XᵀX or XXᵀ when already at hand (same Frobenius norm). */
export function offDiagonalShare(X: Mat, gram?: Mat): number {
  const total = gram ? frobenius(gram) ** 2 : gramFro2(X)
  let diag = 0
  for (let j = 0; j < X.cols; j++) { let s = 0; for (let i = 0; i < X.rows; i++) s += X.data[i * X.cols + j] ** 2; diag += s * s }
  return total > 0 ? Math.sqrt(Math.max(total - diag, 0) / total) : 0
}

/** Relative residual of the least-squares fit of G = XXᵀ (n×n) by aI + b11ᵀ: b = mean off-diagonal entry, a + b = mean diagonal entry. */
export function diagPlusOnesFitError(X: Mat): number {
  const n = X.rows, K = X.cols
  const d = new Float64Array(n)
  for (let i = 0; i < n; i++) { let s = 0; for (let k = 0; k < K; k++) s += X.data[i * K + k] ** 2; d[i] = s }
  const colSum = new Float64Array(K)
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) colSum[k] += X.data[i * K + k]
  let all = 0 // 1ᵀXXᵀ1
  for (let k = 0; k < K; k++) all += colSum[k] * colSum[k]
  const total2 = gramFro2(X)
  let sumD = 0, sumD2 = 0
  for (let i = 0; i < n; i++) { sumD += d[i]; sumD2 += d[i] * d[i] }
  const nOff = n * (n - 1)
  const sumO = all - sumD, sumO2 = total2 - sumD2
  const meanD = sumD / n, meanO = nOff > 0 ? sumO / nOff : 0
  const res2 = (sumD2 - n * meanD * meanD) + (nOff > 0 ? sumO2 - nOff * meanO * meanO : 0)
  return total2 > 0 ? Math.sqrt(Math.max(res2, 0) / total2) : 0
}
