/** One energy census job (the Energy page's, `li2 energy`'s): the task and landscape its inputs name, the census of
 *  local maxima on it, or a p-scan of censuses over training fractions. Pure compute: a worker thread runs it. */
import { ValidationError } from '../core/errors'
import { parseCayleyTable } from '../core/groups/cayleyParse'
import type { FiniteGroup } from '../core/groups/group'
import { makeSplit, trainSize } from '../core/split'
import type { Task } from '../core/task'
import { buildTask } from '../core/taskFactory'
import { parseEnergyActivation } from '../core/theory/activation'
import { maximaCensus, type Census } from '../core/theory/census'
import { irrepSpectrum } from '../core/theory/irrepSpectrum'
import { energyProblem, type EnergyProblem } from '../core/theory/problem'
import { taskCriticalFraction } from '../core/theory/scaling'
import { TABLE_PREFIX } from './tableGroup'

/** What a census is computed from; every field is stored with it, so it can be recomputed or sliced later. */
export interface CensusInputs {
  /** A group spec ("11", "D7", "table:PATH"), or the file name of `table`. */
  group: string
  /** A Cayley table's text (JSON, or CSV when `group` ends in .csv), as the page uploads it. */
  table?: string
  trainFrac: number
  act: string
  restarts: number
  seed: number
  maxSteps: number
  /** Training fractions of a p-scan (one census each); absent for a single census at trainFrac. */
  pScan?: number[]
}

/** The group of a census: the table text when given (its errors name `table`), else the spec (errors name `group`). */
export function censusGroup(group: string, table?: string): FiniteGroup | string {
  if (table === undefined) return group
  try {
    return parseCayleyTable(table, group.toLowerCase().endsWith('.csv') ? 'csv' : 'json', TABLE_PREFIX + group)
  } catch (e) {
    if (e instanceof ValidationError) throw new ValidationError('table', `${group}: ${e.rule}`)
    throw e
  }
}

/** The task of a census's group (refused now, before any ascent, when the group is unknown or past the character-table limit). */
export function censusTask(group: string, table?: string): Task {
  const task = buildTask({ group: censusGroup(group, table), expression: null, ops: 2 })
  if (task.group) irrepSpectrum(task.group) // cached; a group past the character-table limit is refused here
  return task
}

/** The landscape at training fraction p: the pairs a run with this seed trains on (the same split rule), all at p = 1. */
export function censusProblem(task: Task, actName: string, trainFrac: number, seed: number): EnergyProblem {
  const act = parseEnergyActivation(actName, 'act')
  const N = task.numSamples
  const samples = trainFrac === 1 ? undefined : makeSplit(N, trainSize(N, { kind: 'fraction', trainFrac }, task.M, task.criticalC), seed).train
  return energyProblem(task, act, samples)
}

/** The census as `li2 energy --json` prints it (plus N, fraction, dim), and each maximum's unit maximiser. */
export function censusReport(task: Task, p: EnergyProblem, c: Census, a: { trainFrac: number; restarts: number; seed: number }, ms: number) {
  const pc = taskCriticalFraction(task)
  const report = {
    command: 'energy' as const, group: task.name, M: task.M, act: p.act, train_frac: a.trainFrac, n: p.n, restarts: a.restarts, seed: a.seed,
    p_c: pc, c_G: task.criticalC, p_over_p_c: p.fraction / pc, feature_share: c.featureShare, memorization_share: c.memorizationShare, mixed_share: c.mixedShare,
    unconverged: c.unconverged, steps: c.steps, ms: Math.round(ms),
    // E_star is the σ = x², full-table, ‖w‖ = 1 prediction (M/(2d) real, M/(4d) complex or quaternionic)
    maxima: c.maxima.map((m) => ({
      E: m.E, E_star: m.EStar, irrep: m.irrep, degree: m.degree, kind: m.kind,
      purity: m.purity, participation_ratio: m.participationRatio, count: m.count, frequency: m.frequency, E_spread: m.ESpread,
    })),
    N: task.numSamples, fraction: p.fraction, dim: p.dim,
  }
  return { report, weights: c.maxima.map((m) => Array.from(m.w)) }
}

/** One point of a p-scan: where the restarts ended at training fraction p. */
export interface ScanPoint { p: number; n: number; feature_share: number; memorization_share: number; mixed_share: number; maxima: number; unconverged: number }

/** Runs a census (or a p-scan: one census per p, largest first), reporting restarts done over all of them. */
export function runCensusJob(a: CensusInputs, onProgress: (done: number, total: number) => void = () => {}) {
  const task = censusTask(a.group, a.table)
  const fracs = a.pScan ?? [a.trainFrac]
  const total = a.restarts * fracs.length
  let before = 0
  const one = (trainFrac: number) => {
    const p = censusProblem(task, a.act, trainFrac, a.seed)
    const t0 = performance.now()
    const c = maximaCensus(p, { restarts: a.restarts, seed: a.seed, ascent: { maxSteps: a.maxSteps }, onProgress: (d) => onProgress(before + d, total) })
    before += a.restarts
    return { p, c, ms: performance.now() - t0 }
  }
  if (!a.pScan) {
    const { p, c, ms } = one(a.trainFrac)
    return { ...censusReport(task, p, c, a, ms), scan: null }
  }
  const points: ScanPoint[] = [...a.pScan].sort((x, y) => y - x).map((frac) => {
    const { p, c } = one(frac)
    return { p: frac, n: p.n, feature_share: c.featureShare, memorization_share: c.memorizationShare, mixed_share: c.mixedShare, maxima: c.maxima.length, unconverged: c.unconverged }
  })
  return { report: null, weights: null, scan: { group: task.name, M: task.M, p_c: taskCriticalFraction(task), c_G: task.criticalC, points } }
}
