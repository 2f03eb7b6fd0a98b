/** Classifies a local maximum of E: an irrep feature (Thm 2: one irrep class holds the weight) or memorization (Thm 5: weight on a few tokens). */
import type { EnergyProblem } from './problem'
import { irrepSpectrum, predictedPeak } from './irrepSpectrum'
import type { IrrepSpectrum } from './irrepSpectrum'

/** feature: one irrep class holds ≥ purityMin of ‖w‖²; memorization: few tokens (low participation ratio); mixed: neither. */
export type MaximumKind = 'feature' | 'memorization' | 'mixed'

/** What a maximum is. */
export interface MaximumClass {
  kind: MaximumKind
  /** Label of the non-trivial irrep class holding most of ‖w‖² (null without a group). */
  irrep: string | null
  degree: number | null
  /** Share of ‖w‖² (all q blocks) in that class: 1 for a pure feature, ≈ d²/M for a one-token memorizer. */
  purity: number
  /** (Σw²)²/Σw⁴: effective number of input tokens used; ≈ 1–1.5 for focused memorization, ≈ (2/3)·qM for a Z_M cosine. */
  participationRatio: number
  /** Predicted E* (σ = x², all pairs, ‖w‖ = 1) of that irrep when the maximum is a feature of a σ = x², q = 2 landscape, else null. */
  EStar: number | null
  /** Indices of w carrying 90% of ‖w‖², sorted (used to merge memorization maxima). */
  support: number[]
}

/** Thresholds of the classification. */
export interface ClassifyOptions {
  /** A maximum is a feature when its best irrep class holds at least this share of ‖w‖². */
  purityMin?: number
  /** A non-feature is memorization when its participation ratio is at most this share of qM (else 'mixed'). */
  memorizationPRShare?: number
}

const DEFAULTS = { purityMin: 0.85, memorizationPRShare: 0.25 } // ReLU maxima keep ≈90% in one frequency (reference §4)

/** Per-class power of w summed over its q operand blocks. */
export function blockPower(spec: IrrepSpectrum, w: Float64Array, M: number, q: number): Float64Array {
  const out = new Float64Array(spec.classes.length)
  for (let j = 0; j < q; j++) {
    const pw = spec.power(w.subarray(j * M, (j + 1) * M))
    for (let c = 0; c < out.length; c++) out[c] += pw[c]
  }
  return out
}

/** (Σw²)² / Σw⁴. */
export function participationRatio(w: ArrayLike<number>): number {
  let s2 = 0, s4 = 0
  for (let i = 0; i < w.length; i++) { const x = w[i] * w[i]; s2 += x; s4 += x * x }
  return s4 > 0 ? (s2 * s2) / s4 : 0
}

/** The smallest set of indices holding `share` of ‖w‖², sorted ascending. */
export function supportOf(w: ArrayLike<number>, share = 0.9): number[] {
  const idx = Array.from({ length: w.length }, (_, i) => i).sort((a, b) => w[b] * w[b] - w[a] * w[a])
  let total = 0
  for (let i = 0; i < w.length; i++) total += w[i] * w[i]
  const out: number[] = []
  let acc = 0
  for (const i of idx) { if (acc >= share * total) break; out.push(i); acc += w[i] * w[i] }
  return out.sort((a, b) => a - b)
}

/** Classifies w (a converged maximum of the landscape p). */
export function classifyMaximum(p: EnergyProblem, w: Float64Array, opts: ClassifyOptions = {}): MaximumClass {
  const { purityMin, memorizationPRShare } = { ...DEFAULTS, ...opts }
  let total = 0
  for (let i = 0; i < w.length; i++) total += w[i] * w[i]
  const pr = participationRatio(w)
  const support = supportOf(w)
  const group = p.task.group
  if (!group || total === 0) {
    const kind: MaximumKind = pr <= memorizationPRShare * p.dim ? 'memorization' : 'mixed'
    return { kind, irrep: null, degree: null, purity: 0, participationRatio: pr, EStar: null, support }
  }
  const spec = irrepSpectrum(group)
  const power = blockPower(spec, w, p.M, p.q)
  let best = -1
  for (let c = 0; c < power.length; c++) if (!spec.classes[c].trivial && (best < 0 || power[c] > power[best])) best = c
  const cls = best >= 0 ? spec.classes[best] : null
  const purity = best >= 0 ? power[best] / total : 0
  const kind: MaximumKind = purity >= purityMin ? 'feature' : pr <= memorizationPRShare * p.dim ? 'memorization' : 'mixed'
  return {
    kind,
    irrep: cls ? cls.label : null,
    degree: cls ? cls.degree : null,
    purity,
    participationRatio: pr,
    EStar: kind === 'feature' && cls && p.act === 'sqr' && p.q === 2 ? predictedPeak(p.M, cls) : null, // the prediction is for σ = x², two operands
    support,
  }
}
