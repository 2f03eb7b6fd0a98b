// Shared inputs of the theory tests: random σ = x² features on Z_M, and ml-matrix views of our float64 matrices.
import { Matrix } from 'ml-matrix'
import { Rng } from '../../../src/core/rng'
import type { Mat } from '../../../src/core/theory/matrix'

/** An ml-matrix copy of a Mat, for reference computations. */
export const ml = (a: Mat): Matrix => Matrix.from1DArray(a.rows, a.cols, Array.from(a.data))
/** max |a − b| entrywise. */
export const maxAbsDiff = (a: Matrix, b: Mat): number => Math.max(...a.to1DArray().map((x, i) => Math.abs(x - b.data[i])))

/** Hidden features of K random σ = x² nodes on the Z_M table restricted to n random pairs, and their one-hot labels. */
export function randomFeatures(M: number, K: number, n: number, seed: number): { F: Mat; Y: Mat } {
  const rng = new Rng(seed)
  const W = Array.from({ length: K }, () => Float64Array.from({ length: 2 * M }, () => rng.normal()))
  const pairs = rng.permutation(M * M).slice(0, n)
  const F = { rows: n, cols: K, data: new Float64Array(n * K) }
  const Y = { rows: n, cols: M, data: new Float64Array(n * M) }
  pairs.forEach((s, i) => {
    const a = Math.floor(s / M), b = s % M
    for (let k = 0; k < K; k++) F.data[i * K + k] = (W[k][a] + W[k][M + b]) ** 2
    Y.data[i * M + ((a + b) % M)] = 1
  })
  return { F, Y }
}
