/** Gram-matrix diagonality of the hidden features (reference §7.1): off/diag of F̃ᵀF̃ and the distance of FFᵀ from
 *  a·I + b·11ᵀ. Exact when n and K are ≤ the sample size; otherwise on a seeded random subsample of nodes and samples
 *  (fixed for the whole run), since both Gram matrices are quadratic in a dimension of thousands. */
import * as tf from '@tensorflow/tfjs-core'
import { Rng } from '../rng'

export interface GramStats {
  /** mean_{j≠l} |F̃ᵀF̃|_jl / mean_j |F̃ᵀF̃|_jj: small when the nodes are independent (Stage II). */
  ftfOffdiagRatio: number
  /** ‖Ĝ − G‖_F / ‖G‖_F with G = FFᵀ and Ĝ = (d̄ − ō)I + ō11ᵀ. */
  fftDistIdeal: number
}

/** Sorted indices of a seeded random subset of size min(k, n) of 0..n-1, as an [m, 1] gatherND index. */
export function subsampleIndex(n: number, k: number, seed: number): tf.Tensor2D | null {
  if (n <= k) return null
  const pick = new Rng(seed).permutation(n).slice(0, k).sort()
  return tf.tensor2d(pick, [k, 1], 'int32')
}

/** Both statistics for F [n, K], on the given sample and node subsets (null = all). Syncs once. */
export async function gramStats(F: tf.Tensor2D, samples: tf.Tensor2D | null, nodes: tf.Tensor2D | null): Promise<GramStats> {
  const vals = tf.tidy(() => {
    const Fs = samples ? (tf.gatherND(F, samples) as tf.Tensor2D) : F // [s, K]
    let T = tf.transpose(Fs) as tf.Tensor2D // [K, s] nodes × samples
    if (nodes) T = tf.gatherND(T, nodes) as tf.Tensor2D // [k, s]
    const [k, s] = T.shape
    // F̃ᵀF̃ over nodes, F̃ centred over samples
    const C = tf.sub(T, tf.mean(T, 1, true)) as tf.Tensor2D
    const KF = tf.matMul(C, tf.transpose(C)) // [k, k]
    const kfDiag = tf.sum(tf.mul(C, C), 1) // [k] = diag(KF), non-negative
    const kfDiagSum = tf.sum(kfDiag)
    const kfOff = tf.sub(tf.sum(tf.abs(KF)), kfDiagSum)
    // G = FFᵀ over samples (uncentred)
    const G = tf.matMul(tf.transpose(T), T) // [s, s]
    const gDiag = tf.sum(tf.mul(T, T), 0) // [s]
    const gSum = tf.sum(G), gDiagSum = tf.sum(gDiag)
    const dBar = tf.div(gDiagSum, s)
    const oBar = tf.div(tf.sub(gSum, gDiagSum), s * (s - 1))
    // ‖Ĝ − G‖² = Σ_i (d̄ − G_ii)² + Σ_{i≠j} (ō − G_ij)²; the off part = Σ_all (ō − G)² − Σ_i (ō − G_ii)²
    const dd = tf.sub(gDiag, dBar)
    const offAll = tf.sum(tf.square(tf.sub(G, oBar)))
    const offDiagPart = tf.sum(tf.square(tf.sub(gDiag, oBar)))
    const num = tf.add(tf.sum(tf.mul(dd, dd)), tf.sub(offAll, offDiagPart))
    const den = tf.sum(tf.mul(G, G))
    return tf.stack([kfOff, kfDiagSum, num, den, tf.scalar(k), tf.scalar(s)])
  })
  const [off, diag, num, den, k] = await vals.data()
  vals.dispose()
  return {
    ftfOffdiagRatio: k > 1 && diag > 0 ? (off / (k * (k - 1))) / (diag / k) : 0,
    fftDistIdeal: den > 0 ? Math.sqrt(Math.max(0, num) / den) : 0,
  }
}
