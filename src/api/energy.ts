/** `energyCensus`: the local maxima of E(w) on the unit sphere for a group task (Thm 1, 2, 4, 5), on the pairs a run
 *  with this train fraction and seed trains on. The work is the runner's census job, which the Energy page runs in a worker. */
import { ValidationError } from '../core/errors'
import { parseEnergyActivation } from '../core/theory/activation'
import { maximaCensus } from '../core/theory/census'
import { censusProblem, censusReport, censusTask } from '../runner/censusJob'
import type { EnergyCensus } from './contract'

export interface EnergyArgs { group: string; trainFrac?: number; act?: string; restarts?: number; seed?: number; maxSteps?: number }

/** Runs the census; defaults as `li2 energy`'s (full table, σ = x², 20 restarts, seed 0, 20000 steps). */
export function energyCensus(a: EnergyArgs): EnergyCensus {
  const trainFrac = a.trainFrac ?? 1, restarts = a.restarts ?? 20, seed = a.seed ?? 0, maxSteps = a.maxSteps ?? 20000
  if (a.group.trim() === '') throw new ValidationError('group', 'is required (e.g. 71, 4x7, D7, Q8, S4)')
  if (!(trainFrac > 0 && trainFrac <= 1)) throw new ValidationError('train-frac', `must be a number in (0, 1] (got ${JSON.stringify(String(trainFrac))})`)
  const act = parseEnergyActivation(a.act ?? 'sqr', 'act')
  const task = censusTask(a.group)
  const p = censusProblem(task, act, trainFrac, seed)
  const t0 = performance.now()
  const census = maximaCensus(p, { restarts, seed, ascent: { maxSteps } })
  const report: EnergyCensus = censusReport(task, p, census, { trainFrac, restarts, seed }, performance.now() - t0).report
  return report
}
