/** Isotypic power of a weight block per real irrep class (complex irreps merged with their conjugate), the classifier of energy maxima (Thm 2).
 *  Z_M uses the DFT (labels "k=3"); other groups fall back to the joint eigenspaces of the class-sum operators until groups/spectra.ts lands. */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix'
import type { FiniteGroup } from '../groups/group'
import { inverses } from '../groups/group'
import { Rng } from '../rng'

/** One real irrep class: a real-type irrep, a quaternionic one, or a complex irrep together with its conjugate. */
export interface IrrepClass {
  label: string
  /** Complex degree d_k of the irrep. */
  degree: number
  /** Frobenius–Schur indicator: 1 real, 0 complex (merged with its conjugate), −1 quaternionic. */
  indicator: 1 | 0 | -1
  trivial: boolean
}

/** The irrep classes of a group and the power ‖Π_k x‖² of a vector x ∈ ℝ^M in each (the powers sum to ‖x‖²). */
export interface IrrepSpectrum {
  readonly classes: readonly IrrepClass[]
  power(x: ArrayLike<number>): Float64Array
}

/** Predicted peak E* on ‖w‖ = 1 for σ = x², all pairs (reference §4): M/(2d) for a real irrep, M/(4d) for a complex pair; quaternionic M/(4d) (derived: singular values come in pairs, so û v̂ cannot be rank one). */
export function predictedPeak(M: number, c: IrrepClass): number {
  if (c.trivial) return 0
  return c.indicator === 1 ? M / (2 * c.degree) : M / (4 * c.degree)
}

const cache = new WeakMap<FiniteGroup, IrrepSpectrum>()

/** The spectrum of a group (cached per group object). */
export function irrepSpectrum(g: FiniteGroup): IrrepSpectrum {
  let s = cache.get(g)
  if (!s) {
    s = isCyclic(g) ? cyclicSpectrum(g.order) : classSumSpectrum(g)
    cache.set(g, s)
  }
  return s
}

// Z_M with the standard table (a + b mod M): the reference's cyclic groups
function isCyclic(g: FiniteGroup): boolean {
  const M = g.order
  for (let a = 0; a < M; a++) for (let b = 0; b < M; b++) if (g.table[a * M + b] !== (a + b) % M) return false
  return true
}

/** Z_M: class k = {k, M−k}, power = (|x̂_k|² + |x̂_{M−k}|²)/M, real when 2k = M or k = 0. */
export function cyclicSpectrum(M: number): IrrepSpectrum {
  const K = Math.floor(M / 2)
  const classes: IrrepClass[] = []
  for (let k = 0; k <= K; k++) {
    const real = k === 0 || 2 * k === M
    classes.push({ label: `k=${k}`, degree: 1, indicator: real ? 1 : 0, trivial: k === 0 })
  }
  const cos = new Float64Array(M), sin = new Float64Array(M)
  for (let j = 0; j < M; j++) { cos[j] = Math.cos((2 * Math.PI * j) / M); sin[j] = Math.sin((2 * Math.PI * j) / M) }
  return {
    classes,
    power(x) {
      const out = new Float64Array(K + 1)
      for (let k = 0; k <= K; k++) {
        let re = 0, im = 0
        for (let j = 0; j < M; j++) { const t = (k * j) % M; re += x[j] * cos[t]; im -= x[j] * sin[t] }
        const p = (re * re + im * im) / M
        out[k] = k === 0 || 2 * k === M ? p : 2 * p // |x̂_{M−k}| = |x̂_k| for real x
      }
      return out
    },
  }
}

/** Any group: isotypic components are the joint eigenspaces of the (central) class-sum operators; a random real
 *  combination of L_C + L_{C⁻¹} separates the real classes. Degree and indicator from dim and Σ_h tr(L_{h²}Π)/M = d·ν. */
export function classSumSpectrum(g: FiniteGroup): IrrepSpectrum {
  const M = g.order, tab = g.table
  const inv = inverses(g)
  const classOf = new Int32Array(M).fill(-1)
  const classes: number[][] = []
  for (let x = 0; x < M; x++) {
    if (classOf[x] >= 0) continue
    const id = classes.length, members: number[] = []
    for (let h = 0; h < M; h++) {
      const y = tab[tab[h * M + x] * M + inv[h]]
      if (classOf[y] < 0) { classOf[y] = id; members.push(y) }
    }
    classes.push(members)
  }
  const rng = new Rng(0x1e2)
  const coef = classes.map(() => rng.uniform(-1, 1))
  // T[a][c·a] += a_C and its transpose (L_Cᵀ = L_{C⁻¹}), so T is symmetric
  const T = new Matrix(M, M)
  for (let c = 0; c < M; c++) {
    const a_c = coef[classOf[c]]
    for (let a = 0; a < M; a++) {
      const b = tab[c * M + a]
      T.set(a, b, T.get(a, b) + a_c)
      T.set(b, a, T.get(b, a) + a_c)
    }
  }
  const eig = new EigenvalueDecomposition(T, { assumeSymmetric: true })
  const lam = eig.realEigenvalues, V = eig.eigenvectorMatrix
  const order = lam.map((_, i) => i).sort((i, j) => lam[i] - lam[j])
  const tol = 1e-7 * (Math.max(...lam.map(Math.abs)) + 1)
  const groups: number[][] = []
  for (const i of order) {
    const last = groups[groups.length - 1]
    if (last && Math.abs(lam[i] - lam[last[last.length - 1]]) <= tol) last.push(i)
    else groups.push([i])
  }
  const bases: Float64Array[][] = groups.map((gr) => gr.map((i) => Float64Array.from(V.getColumn(i))))
  const sq = new Int32Array(M)
  for (let h = 0; h < M; h++) sq[h] = tab[h * M + h]
  const info: (IrrepClass & { D: number })[] = bases.map((Q) => {
    const D = Q.length
    // t = (1/M) Σ_h tr(L_{h²} Π), Π = QQᵀ, tr(L_g Π) = Σ_a Π[a][g·a]
    let t = 0
    for (let h = 0; h < M; h++) {
      const s = sq[h]
      for (let a = 0; a < M; a++) {
        const b = tab[s * M + a]
        let pab = 0
        for (const q of Q) pab += q[a] * q[b]
        t += pab
      }
    }
    t /= M
    const indicator: 1 | 0 | -1 = Math.abs(t) < 0.5 ? 0 : t > 0 ? 1 : -1
    const degree = Math.round(Math.sqrt(indicator === 0 ? D / 2 : D))
    let trivial = false
    if (D === 1) { const q = Q[0]; trivial = q.every((v) => Math.abs(v - q[0]) < 1e-8) }
    return { label: '', degree, indicator, trivial, D }
  })
  // stable labels: trivial first, then by degree, then by eigenvalue order
  const idx = info.map((_, i) => i).sort((i, j) => Number(info[j].trivial) - Number(info[i].trivial) || info[i].degree - info[j].degree || i - j)
  const seen = new Map<number, number>()
  const outClasses: IrrepClass[] = []
  const outBases: Float64Array[][] = []
  for (const i of idx) {
    const c = info[i]
    const n = (seen.get(c.degree) ?? 0) + 1
    seen.set(c.degree, n)
    const kind = c.indicator === 1 ? '' : c.indicator === 0 ? 'c' : 'q'
    outClasses.push({ label: c.trivial ? 'trivial' : `${c.degree}d${kind}#${n}`, degree: c.degree, indicator: c.indicator, trivial: c.trivial })
    outBases.push(bases[i])
  }
  return {
    classes: outClasses,
    power(x) {
      return Float64Array.from(outBases, (Q) => {
        let p = 0
        for (const q of Q) { let d = 0; for (let a = 0; a < M; a++) d += q[a] * x[a]; p += d * d }
        return p
      })
    },
  }
}
