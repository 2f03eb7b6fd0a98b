/** Isotypic power of a weight block per real irrep class (complex irreps merged with their conjugate), the classifier of energy maxima (Thm 2).
 *  Z_M uses the DFT, every other group groups/spectra.ts; both name classes as groups/irrepNames.ts does ("k=3", "χ3"). */
import type { FiniteGroup } from '../groups/group'
import { isStandardCyclic } from '../groups/irrepNames'
import { blockPower, spectralBasis } from '../groups/spectra'

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
    s = isStandardCyclic(g) ? cyclicSpectrum(g.order) : groupSpectrum(g)
    cache.set(g, s)
  }
  return s
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

/** Any group, through groups/spectra.ts: its real irreps (complex ones merged with their conjugate) and blockPower on one column. */
export function groupSpectrum(g: FiniteGroup): IrrepSpectrum {
  const { irreps } = spectralBasis(g)
  const classes: IrrepClass[] = irreps.map((r) => ({
    label: r.label,
    degree: r.degree,
    indicator: r.kind === 'complex' ? 0 : r.kind === 'quaternionic' ? -1 : 1,
    trivial: r.kind === 'trivial',
  }))
  return { classes, power: (x) => blockPower(g, Float64Array.from(x as ArrayLike<number>), 0, 1) }
}
