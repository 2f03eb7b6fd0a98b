/** Feature spectra: power of each hidden node's weights in each isotypic component of ℝ^G (li2-theory.md §4, Theorem 2:
 *  local maxima put a node's power in a single irrep). For Z_M this is the DFT power per frequency pair (reference-code.md §7.3). */
import type { FiniteGroup } from './group'
import { characterTable } from './characters'
import { irrepKind, realIrrepName } from './irrepNames'

/** A "real irrep": an irrep with real character, or a complex irrep merged with its conjugate (indicator 0), since a real
 *  vector's components in ρ and ρ̄ are conjugate and only their sum is a real subspace of ℝ^G. */
export interface RealIrrep {
  /** e.g. "χ3" or "χ4+χ5" (indices into characterTable(g).irreps), "k=5" for Z_M: see irrepNames.ts. */
  readonly label: string
  readonly members: number[]
  readonly degree: number
  readonly kind: 'trivial' | 'real' | 'complex' | 'quaternionic'
  /** Dimension of the isotypic subspace of ℝ^G: Σ d² over members. */
  readonly dim: number
}

interface SpectralBasis {
  readonly irreps: RealIrrep[]
  /** kernel[ρ * r + C] = (d/|G|) Σ_{χ ∈ ρ} conj χ(C): P_ρ[x][y] = kernel(class(x⁻¹y)), real because ρ is closed under conjugation. */
  readonly kernel: Float64Array
}

const bases = new WeakMap<FiniteGroup, SpectralBasis>()

/** The real irreps of g and their class kernels, once per group. */
export function spectralBasis(g: FiniteGroup): SpectralBasis {
  const hit = bases.get(g)
  if (hit) return hit
  const ct = characterTable(g)
  const r = ct.classes.length
  const irreps: RealIrrep[] = []
  ct.irreps.forEach((x, i) => {
    if (x.conjugate < i) return
    const members = x.conjugate === i ? [i] : [i, x.conjugate]
    irreps.push({ label: realIrrepName(g, members), members, degree: x.degree, kind: irrepKind(x, i), dim: members.length * x.degree * x.degree })
  })
  const kernel = new Float64Array(irreps.length * r)
  irreps.forEach((rho, k) => {
    for (const m of rho.members) {
      const chi = ct.irreps[m]
      for (let c = 0; c < r; c++) kernel[k * r + c] += (chi.degree / g.order) * chi.re[c] // imaginary parts cancel over χ, χ̄
    }
  })
  const basis = { irreps, kernel }
  bases.set(g, basis)
  return basis
}

/** Dense isotypic projectors P_ρ = (d/|G|) Σ_g conj χ(g) R(g) on ℝ^G (|G|×|G| row-major, float64), one per real irrep. */
export function isotypicProjectors(g: FiniteGroup): Float64Array[] {
  const { irreps, kernel } = spectralBasis(g)
  const { classOf } = characterTable(g)
  const n = g.order, r = kernel.length / irreps.length, T = g.table
  const inv = new Int32Array(n)
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (T[a * n + b] === g.identity) inv[a] = b
  return irreps.map((_, k) => {
    const P = new Float64Array(n * n)
    for (let x = 0; x < n; x++) for (let y = 0; y < n; y++) P[x * n + y] = kernel[k * r + classOf[T[inv[x] * n + y]]]
    return P
  })
}

/** ‖P_ρ u‖² per real irrep for the columns of a row-major [n, K] block starting at row `row0` of `W`: out[ρ * K + j].
 *  Uses ‖P_ρ u‖² = uᵀP_ρu = Σ_C kernel_ρ(C) Σ_{g∈C} Σ_x u_x u_{xg}: one O(|G|²K) autocorrelation by class, then O(#ρ·r·K). */
export function blockPower(g: FiniteGroup, W: Float32Array | Float64Array, row0: number, K: number): Float64Array {
  const { irreps, kernel } = spectralBasis(g)
  const { classOf } = characterTable(g)
  const n = g.order, T = g.table, R = irreps.length, r = kernel.length / R
  const acc = new Float64Array(r * K) // acc[C * K + j] = Σ_{g∈C} Σ_x u_x u_{xg}
  for (let x = 0; x < n; x++) {
    const ox = (row0 + x) * K
    for (let h = 0; h < n; h++) {
      const oy = (row0 + T[x * n + h]) * K, oc = classOf[h] * K
      for (let j = 0; j < K; j++) acc[oc + j] += W[ox + j] * W[oy + j]
    }
  }
  const out = new Float64Array(R * K)
  for (let k = 0; k < R; k++) {
    for (let c = 0; c < r; c++) {
      const w = kernel[k * r + c]
      if (w === 0) continue
      const oc = c * K, ok = k * K
      for (let j = 0; j < K; j++) out[ok + j] += w * acc[oc + j]
    }
  }
  return out
}

/** Options for featureSpectra. */
export interface SpectraOptions {
  /** A node is pure when its dominant irrep holds at least this share of its non-trivial input power. */
  pureThreshold?: number
  /** Include the per-node power table (#irreps × K numbers per block sum) in the result. */
  includePower?: boolean
}

/** Per-node and per-checkpoint irrep statistics; plain arrays and numbers, so JSON-serialisable. */
export interface FeatureSpectra {
  group: string
  K: number
  q: number
  irreps: Array<{ label: string; degree: number; kind: RealIrrep['kind']; dim: number }>
  /** Per node: index into `irreps` of the largest non-trivial input power (summed over the q operand blocks); −1 if none. */
  dominant: number[]
  /** Per node: dominant power / total non-trivial input power. */
  purity: number[]
  /** Per node: (Σ_ρ p_ρ)² / Σ_ρ p_ρ² over non-trivial ρ; 1 for a single-irrep node. */
  participation: number[]
  /** Per node: (Σ w²)² / (qM · Σ w⁴) over its q·M input weights; ≈1/(qM) for a spike (memorisation), 2/3 for a cosine. */
  elementSpread: number[]
  /** Per node: dominant non-trivial irrep of its output weights V[:, j], and that irrep's share. */
  outputDominant: number[]
  outputPurity: number[]
  /** Per node, per irrep: input power summed over blocks (only with includePower). */
  power?: number[][]
  summary: {
    pureThreshold: number
    /** Pure nodes / K. */
    pureShare: number
    /** Indices of non-trivial irreps with at least one pure node. */
    irrepsCovered: number[]
    /** Non-trivial irreps in total. */
    nonTrivialIrreps: number
    /** Pure nodes per irrep (index as `irreps`). */
    pureNodesPerIrrep: number[]
    /** All nodes by dominant irrep. */
    dominantNodesPerIrrep: number[]
    /** Σ_j purity_j·P_j / Σ_j P_j with P_j a node's non-trivial input power: purity where the weight is. Weight
     *  decay leaves many near-zero nodes of any purity; this is the share of the learned signal that is pure. */
    powerWeightedPurity: number
    /** Share of all non-trivial input power in each irrep (index as `irreps`). */
    powerPerIrrep: number[]
  }
}

/** Isotypic spectra of every hidden node: Wt is [q·M, K] row-major (operand block ⌊row/M⌋, element row % M), V is [M, K]. */
export function featureSpectra(g: FiniteGroup, Wt: Float32Array | Float64Array, V: Float32Array | Float64Array | null, K: number, q: number, opts: SpectraOptions = {}): FeatureSpectra {
  const M = g.order, thr = opts.pureThreshold ?? 0.9
  if (Wt.length !== q * M * K) throw new Error(`featureSpectra: Wt has ${Wt.length} entries, expected q·M·K = ${q * M * K}`)
  if (V && V.length !== M * K) throw new Error(`featureSpectra: V has ${V.length} entries, expected M·K = ${M * K}`)
  const { irreps } = spectralBasis(g)
  const R = irreps.length
  const inP = new Float64Array(R * K)
  for (let b = 0; b < q; b++) {
    const p = blockPower(g, Wt, b * M, K)
    for (let i = 0; i < p.length; i++) inP[i] += p[i]
  }
  const outP = V ? blockPower(g, V, 0, K) : null
  const dominantOf = (P: Float64Array, j: number): [number, number, number] => {
    let best = -1, bestP = 0, tot = 0, sq = 0
    for (let k = 1; k < R; k++) {
      const p = Math.max(0, P[k * K + j])
      tot += p; sq += p * p
      if (p > bestP) { bestP = p; best = k }
    }
    const scale = P[j] + tot // trivial + non-trivial
    if (best < 0 || tot <= 1e-12 * Math.max(scale, 1e-300)) return [-1, 0, 0]
    return [best, bestP / tot, (tot * tot) / sq]
  }
  const dominant: number[] = [], purity: number[] = [], participation: number[] = [], elementSpread: number[] = []
  const outputDominant: number[] = [], outputPurity: number[] = []
  const pureNodesPerIrrep = new Array<number>(R).fill(0), dominantNodesPerIrrep = new Array<number>(R).fill(0)
  for (let j = 0; j < K; j++) {
    const [d, pu, pr] = dominantOf(inP, j)
    dominant.push(d); purity.push(pu); participation.push(pr)
    if (d >= 0) {
      dominantNodesPerIrrep[d]++
      if (pu >= thr) pureNodesPerIrrep[d]++
    }
    let s2 = 0, s4 = 0
    for (let row = 0; row < q * M; row++) { const w2 = Wt[row * K + j] ** 2; s2 += w2; s4 += w2 * w2 }
    elementSpread.push(s4 > 0 ? (s2 * s2) / (q * M * s4) : 0)
    if (outP) { const [od, opu] = dominantOf(outP, j); outputDominant.push(od); outputPurity.push(opu) }
  }
  const pure = pureNodesPerIrrep.reduce((a, b) => a + b, 0)
  const powerPerIrrep = new Array<number>(R).fill(0)
  let totalPower = 0, weightedPurity = 0
  for (let j = 0; j < K; j++) {
    let t = 0
    for (let k = 1; k < R; k++) { const p = Math.max(0, inP[k * K + j]); powerPerIrrep[k] += p; t += p }
    totalPower += t; weightedPurity += t * purity[j]
  }
  const result: FeatureSpectra = {
    group: g.name, K, q,
    irreps: irreps.map(({ label, degree, kind, dim }) => ({ label, degree, kind, dim })),
    dominant, purity, participation, elementSpread, outputDominant, outputPurity,
    summary: {
      pureThreshold: thr,
      pureShare: K > 0 ? pure / K : 0,
      irrepsCovered: pureNodesPerIrrep.map((c, k) => (k > 0 && c > 0 ? k : -1)).filter((k) => k >= 0),
      nonTrivialIrreps: R - 1,
      pureNodesPerIrrep, dominantNodesPerIrrep,
      powerWeightedPurity: totalPower > 0 ? weightedPurity / totalPower : 0,
      powerPerIrrep: powerPerIrrep.map((p) => (totalPower > 0 ? p / totalPower : 0)),
    },
  }
  if (opts.includePower) result.power = Array.from({ length: K }, (_, j) => Array.from({ length: R }, (_, k) => inP[k * K + j]))
  return result
}
