/** Dense row-major float64 matrices for the theory engine (Lemma 1, Thm 3, Thm 6) and the few ml-matrix calls they need. */
import { Matrix, SingularValueDecomposition } from 'ml-matrix'

/** A row-major float64 matrix: data[i * cols + j] = entry (i, j). */
export interface Mat {
  readonly rows: number
  readonly cols: number
  readonly data: Float64Array
}

/** A rows×cols matrix, zero-filled unless data is given (data is kept, not copied). */
export function mat(rows: number, cols: number, data?: Float64Array): Mat {
  if (data && data.length !== rows * cols) throw new Error(`mat: data has ${data.length} entries, expected ${rows}×${cols}`)
  return { rows, cols, data: data ?? new Float64Array(rows * cols) }
}

/** The identity scaled by s. */
export function eye(n: number, s = 1): Mat {
  const a = mat(n, n)
  for (let i = 0; i < n; i++) a.data[i * n + i] = s
  return a
}

/** To an ml-matrix Matrix (copies). */
export function toMl(a: Mat): Matrix {
  return Matrix.from1DArray(a.rows, a.cols, Array.from(a.data))
}

/** From an ml-matrix Matrix (copies). */
export function fromMl(m: Matrix): Mat {
  return mat(m.rows, m.columns, Float64Array.from(m.to1DArray()))
}

/** P⊥ a = a − 1·(column means): centring over samples (rows), as Ỹ = P⊥Y and F̃ = P⊥F. */
export function centreRows(a: Mat): Mat {
  const { rows, cols, data } = a
  const mean = new Float64Array(cols)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j]
  for (let j = 0; j < cols; j++) mean[j] /= rows
  const out = new Float64Array(rows * cols)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = data[i * cols + j] - mean[j]
  return mat(rows, cols, out)
}

/** a·b. */
export function matmul(a: Mat, b: Mat): Mat {
  if (a.cols !== b.rows) throw new Error(`matmul: ${a.rows}×${a.cols} · ${b.rows}×${b.cols}`)
  const n = a.rows, k = a.cols, m = b.cols
  const out = new Float64Array(n * m)
  for (let i = 0; i < n; i++) {
    const oi = i * m
    for (let t = 0; t < k; t++) {
      const x = a.data[i * k + t]
      if (x === 0) continue
      const bt = t * m
      for (let j = 0; j < m; j++) out[oi + j] += x * b.data[bt + j]
    }
  }
  return mat(n, m, out)
}

/** aᵀ·b, as dot products of contiguous rows of aᵀ and bᵀ (faster than rank-one updates when the result is large). */
export function matmulTN(a: Mat, b: Mat): Mat {
  if (a.rows !== b.rows) throw new Error(`matmulTN: (${a.rows}×${a.cols})ᵀ · ${b.rows}×${b.cols}`)
  return matmulNT(transpose(a), transpose(b))
}

/** aᵀa (symmetric; only the upper triangle is computed). */
export function gramTN(a: Mat): Mat {
  return gramNT(transpose(a))
}

/** aaᵀ (symmetric; only the upper triangle is computed, in row tiles so both tiles stay in cache). */
export function gramNT(a: Mat): Mat {
  const n = a.rows, k = a.cols, d = a.data
  const out = new Float64Array(n * n)
  const T = 32
  for (let ib = 0; ib < n; ib += T) {
    const iEnd = Math.min(ib + T, n)
    for (let jb = ib; jb < n; jb += T) {
      const jEnd = Math.min(jb + T, n)
      for (let i = ib; i < iEnd; i++) {
        const oi = i * k
        for (let j = Math.max(jb, i); j < jEnd; j++) {
          const oj = j * k
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t = 0
          for (; t + 3 < k; t += 4) {
            s0 += d[oi + t] * d[oj + t]
            s1 += d[oi + t + 1] * d[oj + t + 1]
            s2 += d[oi + t + 2] * d[oj + t + 2]
            s3 += d[oi + t + 3] * d[oj + t + 3]
          }
          for (; t < k; t++) s0 += d[oi + t] * d[oj + t]
          const s = s0 + s1 + s2 + s3
          out[i * n + j] = s
          out[j * n + i] = s
        }
      }
    }
  }
  return mat(n, n, out)
}

/** a·bᵀ without forming bᵀ. */
export function matmulNT(a: Mat, b: Mat): Mat {
  if (a.cols !== b.cols) throw new Error(`matmulNT: ${a.rows}×${a.cols} · (${b.rows}×${b.cols})ᵀ`)
  const n = a.rows, k = a.cols, m = b.rows
  const out = new Float64Array(n * m)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const oi = i * k, oj = j * k
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t = 0
      for (; t + 3 < k; t += 4) {
        s0 += a.data[oi + t] * b.data[oj + t]
        s1 += a.data[oi + t + 1] * b.data[oj + t + 1]
        s2 += a.data[oi + t + 2] * b.data[oj + t + 2]
        s3 += a.data[oi + t + 3] * b.data[oj + t + 3]
      }
      for (; t < k; t++) s0 += a.data[oi + t] * b.data[oj + t]
      out[i * m + j] = s0 + s1 + s2 + s3
    }
  }
  return mat(n, m, out)
}

/** Transpose. */
export function transpose(a: Mat): Mat {
  const out = new Float64Array(a.rows * a.cols)
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j]
  return mat(a.cols, a.rows, out)
}

/** α·a + β·b (same shape). */
export function axpby(alpha: number, a: Mat, beta: number, b: Mat): Mat {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error('axpby: shape mismatch')
  const out = new Float64Array(a.data.length)
  for (let i = 0; i < out.length; i++) out[i] = alpha * a.data[i] + beta * b.data[i]
  return mat(a.rows, a.cols, out)
}

/** a + s·I (square). */
export function addDiag(a: Mat, s: number): Mat {
  const out = Float64Array.from(a.data)
  for (let i = 0; i < a.rows; i++) out[i * a.cols + i] += s
  return mat(a.rows, a.cols, out)
}

/** Frobenius norm. */
export function frobenius(a: Mat): number {
  let s = 0
  for (let i = 0; i < a.data.length; i++) s += a.data[i] * a.data[i]
  return Math.sqrt(s)
}

/** ‖a − b‖_F / max(‖b‖_F, tiny): the relative error used by every identity check here. */
export function relError(a: Mat, b: Mat): number {
  return frobenius(axpby(1, a, -1, b)) / Math.max(frobenius(b), 1e-300)
}

/** Column j as a vector. */
export function column(a: Mat, j: number): Float64Array {
  const out = new Float64Array(a.rows)
  for (let i = 0; i < a.rows; i++) out[i] = a.data[i * a.cols + j]
  return out
}

/** a with the listed columns removed. */
export function dropColumns(a: Mat, drop: readonly number[]): Mat {
  const keep: number[] = []
  for (let j = 0; j < a.cols; j++) if (!drop.includes(j)) keep.push(j)
  const out = new Float64Array(a.rows * keep.length)
  for (let i = 0; i < a.rows; i++) for (let t = 0; t < keep.length; t++) out[i * keep.length + t] = a.data[i * a.cols + keep[t]]
  return mat(a.rows, keep.length, out)
}

/** Lower Cholesky factor L (row-major, A = LLᵀ), or null when A is not numerically positive definite (a pivot below 1e-10·max diag). */
export function cholesky(A: Mat): Float64Array | null {
  const n = A.rows, a = A.data
  const L = new Float64Array(n * n)
  let maxDiag = 0
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, a[i * n + i])
  const floor = 1e-10 * maxDiag
  for (let j = 0; j < n; j++) {
    const oj = j * n
    let d = a[oj + j]
    for (let t = 0; t < j; t++) d -= L[oj + t] * L[oj + t]
    if (!(d > floor)) return null
    const ljj = Math.sqrt(d)
    L[oj + j] = ljj
    for (let i = j + 1; i < n; i++) {
      const oi = i * n
      let s = a[oi + j]
      for (let t = 0; t < j; t++) s -= L[oi + t] * L[oj + t]
      L[oi + j] = s / ljj
    }
  }
  return L
}

/** Solves LX = B (L lower triangular, row-major; B n×m) by forward substitution on whole rows. */
export function forwardSolve(L: Float64Array, B: Mat): Mat {
  const n = B.rows, m = B.cols
  const X = Float64Array.from(B.data)
  for (let i = 0; i < n; i++) {
    const oi = i * m
    for (let t = 0; t < i; t++) {
      const l = L[i * n + t]
      if (l === 0) continue
      const ot = t * m
      for (let c = 0; c < m; c++) X[oi + c] -= l * X[ot + c]
    }
    const inv = 1 / L[i * n + i]
    for (let c = 0; c < m; c++) X[oi + c] *= inv
  }
  return mat(n, m, X)
}

/** Solves LLᵀX = B for row-major B (n×m), by forward and back substitution on whole rows. */
export function choleskySolve(L: Float64Array, B: Mat): Mat {
  const n = B.rows, m = B.cols
  const X = forwardSolve(L, B).data
  for (let i = n - 1; i >= 0; i--) {
    const oi = i * m
    for (let t = i + 1; t < n; t++) {
      const l = L[t * n + i]
      if (l === 0) continue
      const ot = t * m
      for (let c = 0; c < m; c++) X[oi + c] -= l * X[ot + c]
    }
    const inv = 1 / L[i * n + i]
    for (let c = 0; c < m; c++) X[oi + c] *= inv
  }
  return mat(n, m, X)
}

/** A⁻¹B for symmetric positive semi-definite A: Cholesky when A is positive definite, else the SVD pseudo-inverse (min-norm solution). */
export function solveSpd(A: Mat, B: Mat): Mat {
  const L = cholesky(A)
  if (L) return choleskySolve(L, B)
  return fromMl(pinv(A).mmul(toMl(B)))
}

/** A⁻¹ for symmetric positive semi-definite A (pseudo-inverse when singular). */
export function inverseSpd(A: Mat): Mat {
  return solveSpd(A, eye(A.rows))
}

/** Moore–Penrose pseudo-inverse by SVD, cutting singular values below rcond·σ_max. */
export function pinv(A: Mat, rcond = 1e-12): Matrix {
  const svd = new SingularValueDecomposition(toMl(A), { autoTranspose: true })
  const s = svd.diagonal
  const cut = rcond * Math.max(...s, 0)
  const U = svd.leftSingularVectors, V = svd.rightSingularVectors
  const Vs = V.clone()
  for (let j = 0; j < s.length; j++) {
    const inv = s[j] > cut ? 1 / s[j] : 0
    for (let i = 0; i < Vs.rows; i++) Vs.set(i, j, Vs.get(i, j) * inv)
  }
  return Vs.mmul(U.transpose())
}

/** Least squares X = argmin ‖A X − B‖_F (min-norm when rank-deficient), via the SVD pseudo-inverse. */
export function lstsq(A: Mat, B: Mat, rcond = 1e-12): Mat {
  return fromMl(pinv(A, rcond).mmul(toMl(B)))
}
