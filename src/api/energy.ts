/** `energyCensus`: the local maxima of E(w) on the unit sphere for a group task (Thm 1, 2, 4, 5), on the pairs a run
 *  with this train fraction and seed trains on. */
import { ValidationError } from '../core/errors'
import { makeSplit, trainSize } from '../core/split'
import { buildTask } from '../core/taskFactory'
import { parseEnergyActivation } from '../core/theory/activation'
import { maximaCensus } from '../core/theory/census'
import { irrepSpectrum } from '../core/theory/irrepSpectrum'
import { energyProblem } from '../core/theory/problem'
import { taskCriticalFraction } from '../core/theory/scaling'
import type { EnergyCensus } from './contract'

export interface EnergyArgs { group: string; trainFrac?: number; act?: string; restarts?: number; seed?: number; maxSteps?: number }

/** Runs the census; defaults as `li2 energy`'s (full table, σ = x², 20 restarts, seed 0, 20000 steps). */
export function energyCensus(a: EnergyArgs): EnergyCensus {
  const trainFrac = a.trainFrac ?? 1, restarts = a.restarts ?? 20, seed = a.seed ?? 0, maxSteps = a.maxSteps ?? 20000
  if (a.group.trim() === '') throw new ValidationError('group', 'is required (e.g. 71, 4x7, D7, Q8, S4)')
  if (!(trainFrac > 0 && trainFrac <= 1)) throw new ValidationError('train-frac', `must be a number in (0, 1] (got ${JSON.stringify(String(trainFrac))})`)
  const act = parseEnergyActivation(a.act ?? 'sqr', 'act')
  const task = buildTask({ group: a.group, expression: null, ops: 2 })
  if (task.group) irrepSpectrum(task.group) // cached; a group past the character-table limit is refused now, not after the census
  const N = task.numSamples
  // same split rule and seed as training, so the landscape is the one a run with this seed sees
  const samples = trainFrac === 1 ? undefined : makeSplit(N, trainSize(N, { kind: 'fraction', trainFrac }, task.M, task.criticalC), seed).train
  const p = energyProblem(task, act, samples)
  const t0 = performance.now()
  const census = maximaCensus(p, { restarts, seed, ascent: { maxSteps } })
  const ms = performance.now() - t0
  const pc = taskCriticalFraction(task)
  return {
    command: 'energy', group: task.name, M: task.M, act, train_frac: trainFrac, n: p.n, restarts, seed,
    p_c: pc, c_G: task.criticalC, p_over_p_c: p.fraction / pc, feature_share: census.featureShare, memorization_share: census.memorizationShare, mixed_share: census.mixedShare,
    unconverged: census.unconverged, steps: census.steps, ms: Math.round(ms),
    // E_star is the σ = x², full-table, ‖w‖ = 1 prediction (M/(2d) real, M/(4d) complex or quaternionic)
    maxima: census.maxima.map((m) => ({
      E: m.E, E_star: m.EStar, irrep: m.irrep, degree: m.degree, kind: m.kind,
      purity: m.purity, participation_ratio: m.participationRatio, count: m.count, frequency: m.frequency, E_spread: m.ESpread,
    })),
    N, fraction: p.fraction, dim: p.dim,
  }
}
