/** Data scaling (Thm 4; reference §5): which maxima survive on a random share p of the pairs, and the energy-only phase diagram over (M, p) beside p_c = c·ln M / M. */
import { ValidationError } from '../errors'
import { Rng } from '../rng'
import { criticalFraction, makeSplit } from '../split'
import type { Task } from '../task'
import type { EnergyActivation } from './activation'
import type { AscentOptions } from './ascent'
import { randomUnit, sphereAscent } from './ascent'
import { maximaCensus } from './census'
import type { ClassifyOptions } from './classify'
import { classifyMaximum } from './classify'
import { energyProblem } from './problem'

/** The fitted constant of Fig. 5's dotted line, as the reference code's critical_ratio_multiplier (reference §5). */
export const CRITICAL_RATIO_C = 2.7482

/** Predicted boundary p_c(M) = c·ln M / M (natural log), for an Abelian group (c_G = 1). */
export function predictedCriticalFraction(M: number, c = CRITICAL_RATIO_C): number {
  return (c * Math.log(M)) / M
}

/** A task's p_c exactly as its critical-ratio split rule computes it: c_G·2.7482·ln M / M, with c_G = 1 for Abelian
 *  groups and d_max/2 otherwise (reference). Every report of p_c uses this, so it agrees with the split. */
export function taskCriticalFraction(task: Pick<Task, 'M' | 'criticalC'>): number {
  return criticalFraction(task.M, task.criticalC, CRITICAL_RATIO_C, 0)
}

/** One training fraction of a scaling run. */
export interface ScalingPoint {
  p: number
  /** Pairs kept: ⌊p·M²⌋ as the lab's sklearn-style split rounds. */
  n: number
  /** From random starts on the subset: shares of maxima that are features / memorization / mixed. */
  featureShare: number
  memorizationShare: number
  mixedShare: number
  /** Starting at the full-table features: share that ascend to a feature of the same irrep on the subset. */
  stayedShare: number
  /** Mean participation ratio of the random-start maxima. */
  meanParticipationRatio: number
}

/** Fractions, restarts, seed and σ of a scaling run. */
export interface ScalingOptions extends ClassifyOptions {
  act?: EnergyActivation
  fractions: readonly number[]
  restarts: number
  seed?: number
  ascent?: AscentOptions
}

/** Runs the ascent on subsampled pairs for each fraction p (same split rule and seed as training), from random starts and from the full-table features. */
export function dataScaling(task: Task, opts: ScalingOptions): { M: number; pc: number; cG: number; points: ScalingPoint[] } {
  const { act = 'sqr', fractions, restarts, seed = 0 } = opts
  if (restarts < 1) throw new ValidationError('restarts', 'must be ≥ 1')
  const full = energyProblem(task, act)
  const rng = new Rng(seed ^ 0x5ca1e)
  // full-table features, shared by every p: the maxima whose survival Thm 4 is about
  const features = Array.from({ length: restarts }, () => sphereAscent(full, randomUnit(full.dim, rng), opts.ascent).w)
  const featureIrrep = features.map((w) => classifyMaximum(full, w, opts))
  const points = fractions.map((p) => {
    if (!(p > 0 && p <= 1)) throw new ValidationError('train-frac', `each fraction must be in (0, 1] (got ${p})`)
    const N = task.numSamples
    const n = p === 1 ? N : Math.max(2, N - Math.ceil((1 - p) * N - 1e-9))
    const sub = energyProblem(task, act, p === 1 ? undefined : makeSplit(N, n, seed).train)
    const census = maximaCensus(sub, { ...opts, restarts, seed })
    let stayed = 0
    features.forEach((w, r) => {
      const c = classifyMaximum(sub, sphereAscent(sub, w, opts.ascent).w, opts)
      if (c.kind === 'feature' && featureIrrep[r].kind === 'feature' && c.irrep === featureIrrep[r].irrep) stayed++
    })
    const meanPR = census.maxima.reduce((a, m) => a + m.participationRatio * m.count, 0) / restarts
    return {
      p, n,
      featureShare: census.featureShare, memorizationShare: census.memorizationShare, mixedShare: census.mixedShare,
      stayedShare: stayed / restarts,
      meanParticipationRatio: meanPR,
    }
  })
  return { M: task.M, pc: taskCriticalFraction(task), cG: task.criticalC, points }
}

/** Energy-only phase diagram: shares per (task, p), rows follow `tasks`, columns follow `fractions`, with p_c(M) per row. */
export interface PhaseDiagram {
  names: string[]
  M: number[]
  fractions: number[]
  /** featureShare[i][j] for task i at fraction j (random starts). */
  featureShare: number[][]
  /** stayedShare[i][j]: full-table features that survive. */
  stayedShare: number[][]
  pc: number[]
}

/** Runs `dataScaling` for every task (e.g. Z_M for a list of M) on the same fractions. */
export function phaseDiagram(tasks: readonly Task[], opts: ScalingOptions): PhaseDiagram {
  const rows = tasks.map((t) => dataScaling(t, opts))
  return {
    names: tasks.map((t) => t.name),
    M: rows.map((r) => r.M),
    fractions: [...opts.fractions],
    featureShare: rows.map((r) => r.points.map((pt) => pt.featureShare)),
    stayedShare: rows.map((r) => r.points.map((pt) => pt.stayedShare)),
    pc: rows.map((r) => r.pc),
  }
}
