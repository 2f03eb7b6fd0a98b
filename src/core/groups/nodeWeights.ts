/** One hidden node's weights read off a checkpoint: its input weights per operand block (u, v for q = 2), its output
 *  weights, their power per real irrep (spectra.ts's blockPower on the one column), and for Z_M their DFT magnitudes. */
import type { FiniteGroup } from './group'
import { blockPower, spectralBasis } from './spectra'

export interface NodeWeights {
  node: number
  M: number
  K: number
  q: number
  /** inputs[b][x] = Wt[b·M + x, node]: the node's weights on element x in operand slot b (u = inputs[0], v = inputs[1]). */
  inputs: number[][]
  /** output[y] = V[y, node]. */
  output: number[]
  /** Per real irrep: input power (summed over blocks), its share of the non-trivial input power, and the output power. */
  spectrum: { label: string; degree: number; kind: string; power: number; share: number; outputPower: number }[]
  /** Index into spectrum of the largest non-trivial input power (−1 when the node has none) and that share. */
  dominant: number
  purity: number
  /** |DFT| at frequencies 0..⌊M/2⌋ of each input block and of the output, when element x is the residue x mod M. */
  dft: { inputs: number[][]; output: number[] } | null
}

/** True when g's elements are 0..M−1 under addition mod M, so a weight vector over g is a signal over Z_M. */
export function isCyclicByIndex(g: FiniteGroup): boolean {
  const M = g.order
  for (let a = 0; a < M; a++) for (let b = 0; b < M; b++) if (g.table[a * M + b] !== (a + b) % M) return false
  return true
}

/** |Σ_x w_x e^{−2πi k x / M}| for k = 0..⌊M/2⌋ (the rest mirror them for a real w). */
export function dftMagnitude(w: ArrayLike<number>): number[] {
  const M = w.length, out: number[] = []
  for (let k = 0; k <= Math.floor(M / 2); k++) {
    let re = 0, im = 0
    for (let x = 0; x < M; x++) { const t = (-2 * Math.PI * k * x) / M; re += w[x] * Math.cos(t); im += w[x] * Math.sin(t) }
    out.push(Math.hypot(re, im))
  }
  return out
}

/** Node `node`'s weights of a checkpoint: Wt is [q·M, K] row-major, V is [M, K]; `g` null for an expression task
 *  (no irreps; its elements are residues mod M, so the DFT still applies). Throws RangeError for a node outside 0..K−1. */
export function nodeWeights(g: FiniteGroup | null, M: number, Wt: ArrayLike<number>, V: ArrayLike<number>, K: number, q: number, node: number): NodeWeights {
  if (!Number.isInteger(node) || node < 0 || node >= K) throw new RangeError(`node must be an integer in 0..${K - 1} (got ${node})`)
  if (Wt.length !== q * M * K) throw new RangeError(`Wt has ${Wt.length} entries, expected q·M·K = ${q * M * K}`)
  const inputs = Array.from({ length: q }, (_, b) => Array.from({ length: M }, (_, x) => Wt[(b * M + x) * K + node]))
  const output = Array.from({ length: M }, (_, y) => V[y * K + node])
  let spectrum: NodeWeights['spectrum'] = [], dominant = -1, purity = 0
  if (g) {
    const col = Float64Array.from(inputs.flat()) // [q·M, 1]: blockPower reads one column per block
    const irreps = spectralBasis(g).irreps
    const inP = new Float64Array(irreps.length)
    for (let b = 0; b < q; b++) blockPower(g, col, b * M, 1).forEach((p, k) => { inP[k] += p })
    const outP = blockPower(g, Float64Array.from(output), 0, 1)
    let tot = 0
    for (let k = 1; k < irreps.length; k++) tot += Math.max(0, inP[k])
    spectrum = irreps.map((r, k) => ({
      label: r.label, degree: r.degree, kind: r.kind, power: Math.max(0, inP[k]), outputPower: Math.max(0, outP[k]),
      share: k > 0 && tot > 0 ? Math.max(0, inP[k]) / tot : 0,
    }))
    for (let k = 1; k < spectrum.length; k++) if (spectrum[k].power > 0 && (dominant < 0 || spectrum[k].power > spectrum[dominant].power)) dominant = k
    purity = dominant >= 0 ? spectrum[dominant].share : 0
  }
  const dft = !g || isCyclicByIndex(g) ? { inputs: inputs.map(dftMagnitude), output: dftMagnitude(output) } : null
  return { node, M, K, q, inputs, output, spectrum, dominant, purity, dft }
}
