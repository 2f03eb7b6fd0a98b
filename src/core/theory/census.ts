/** Census of the local maxima of E from R seeded random starts: classified, duplicates merged, basin frequencies counted (Thm 2, Thm 5). */
import { Rng } from '../rng'
import type { AscentOptions } from './ascent'
import { randomUnit, sphereAscent } from './ascent'
import type { ClassifyOptions, MaximumClass } from './classify'
import { classifyMaximum } from './classify'
import type { EnergyProblem } from './problem'

/** One distinct maximum and how many restarts reached it. */
export interface CensusMaximum extends MaximumClass {
  /** Highest E among the merged restarts. */
  E: number
  /** max − min E among the merged restarts. */
  ESpread: number
  /** Restarts that ended here. */
  count: number
  /** count / restarts: the basin frequency. */
  frequency: number
  /** A representative maximiser (unit norm). */
  w: Float64Array
}

/** The result of a census: distinct maxima with basin counts, and the shares by kind. */
export interface Census {
  restarts: number
  seed: number
  /** Restarts whose ascent hit the step budget before converging (they are still counted). */
  unconverged: number
  /** Total ascent steps over all restarts. */
  steps: number
  /** Shares of restarts ending at features / memorization / mixed maxima. */
  featureShare: number
  memorizationShare: number
  mixedShare: number
  /** Distinct maxima, most frequent first. */
  maxima: CensusMaximum[]
}

/** Restarts, seed, ascent and merge tolerances of a census. */
export interface CensusOptions extends ClassifyOptions {
  restarts: number
  seed?: number
  ascent?: AscentOptions
  /** Features with the same irrep merge when |E − E'| ≤ energyTol·max(1, E). */
  energyTol?: number
  /** Non-features merge when |cos(w, w')| ≥ this, or when their 90% supports coincide and E is within energyTol. */
  cosineMerge?: number
  /** Custom starts (e.g. known features); restarts beyond their number start at random. */
  starts?: readonly Float64Array[]
  /** Called after each restart's ascent with (restarts done, restarts): a worker reports progress; results are unchanged. */
  onProgress?: (done: number, total: number) => void
}

/** Runs R sphere ascents from seeded random unit starts and merges the maxima they reach. */
export function maximaCensus(p: EnergyProblem, opts: CensusOptions): Census {
  const { restarts, seed = 0, energyTol = 1e-3, cosineMerge = 0.99 } = opts
  const rng = new Rng(seed)
  const maxima: CensusMaximum[] = []
  let unconverged = 0, steps = 0
  for (let r = 0; r < restarts; r++) {
    const w0 = opts.starts && r < opts.starts.length ? opts.starts[r] : randomUnit(p.dim, rng)
    const res = sphereAscent(p, w0, opts.ascent)
    steps += res.steps
    if (!res.converged) unconverged++
    const cls = classifyMaximum(p, res.w, opts)
    const same = maxima.find((m) => sameMaximum(m, cls, res.w, res.E, energyTol, cosineMerge))
    if (same) {
      same.count++
      same.ESpread = Math.max(same.ESpread, Math.abs(same.E - res.E))
      if (res.E > same.E) { same.E = res.E; same.w = res.w }
    } else {
      maxima.push({ ...cls, E: res.E, ESpread: 0, count: 1, frequency: 0, w: res.w })
    }
    opts.onProgress?.(r + 1, restarts)
  }
  for (const m of maxima) m.frequency = m.count / restarts
  maxima.sort((a, b) => b.count - a.count || b.E - a.E)
  const share = (k: MaximumClass['kind']): number => maxima.filter((m) => m.kind === k).reduce((a, m) => a + m.count, 0) / restarts
  return {
    restarts, seed, unconverged, steps,
    featureShare: share('feature'), memorizationShare: share('memorization'), mixedShare: share('mixed'),
    maxima,
  }
}

function sameMaximum(m: CensusMaximum, c: MaximumClass, w: Float64Array, E: number, energyTol: number, cosineMerge: number): boolean {
  const closeE = Math.abs(m.E - E) <= energyTol * Math.max(1, Math.abs(E))
  if (m.kind !== c.kind) return false
  if (c.kind === 'feature') return m.irrep === c.irrep && closeE
  if (Math.abs(cosine(m.w, w)) >= cosineMerge) return true
  return closeE && m.support.length === c.support.length && m.support.every((v, i) => v === c.support[i])
}

/** cos(a, b). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0, aa = 0, bb = 0
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i] }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0
}
