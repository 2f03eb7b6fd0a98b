/** The memorization/generalization phase diagram of a stored sweep (Fig. 5): classify its runs, tabulate (group, p) cells,
 *  fit each group's boundary p* and c in p* = c·ln M / M, beside the reference's 2.7482 and (on request) the energy-only boundary. */
import { ValidationError } from '../core/errors'
import { fitBoundary, fitScalingConstant, phaseCells, type Boundary, type PhaseCell, type PhasePoint, type ScalingFit } from '../core/phase'
import { criticalFraction } from '../core/split'
import type { Task } from '../core/task'
import { buildTask } from '../core/taskFactory'
import { CRITICAL_RATIO_C, dataScaling } from '../core/theory/scaling'
import { configHash, type RunRow, type Store } from '../store'
import { classifyRun, DEFAULT_OUTCOME_RULE, type OutcomeRule } from './outcomes'
import { expandSpec } from './sweepSpec'

/** One group's boundary row. */
export interface GroupBoundary extends Boundary {
  group: string
  M: number
  /** c_G (1 Abelian, d_max/2 otherwise). */
  C: number
  /** The reference's p_c = c_G·2.7482·ln M / M. */
  p_c: number
  runs: number
  /** Energy-only boundary: smallest swept p from which ≥ half the full-table features survive ascent (null unless asked). */
  theory_p: number | null
}

/** The phase report of a sweep (what `li2 phase --json` prints). */
export interface PhaseReport {
  sweep: { id: number; name: string }
  rule: OutcomeRule
  cells: PhaseCell[]
  boundaries: GroupBoundary[]
  /** Fit of c over groups with a fitted p*, and the same over the energy-only boundaries (null unless asked). */
  fit: ScalingFit & { theory_c: number | null }
  /** Runs counted per outcome. */
  outcomes: Record<string, number>
}

/** Options for phaseReport. */
export interface PhaseOptions {
  rule?: OutcomeRule
  /** Also compute the theory engine's energy-only boundary per group (seconds for small M; slow beyond M ≈ 50). */
  theory?: boolean
  /** Restarts per fraction for the energy-only boundary. */
  theoryRestarts?: number
}

/** The runs that belong to a sweep: linked by sweep_id, plus runs of its configs made by another sweep (dedupe by hash). */
export function sweepRuns(store: Store, sweepId: number): RunRow[] {
  const sweep = store.getSweep(sweepId)
  if (!sweep) throw new ValidationError('sweep', `no sweep ${sweepId}`)
  const byId = new Map(store.listRuns({ sweepId }).map((r) => [r.id, r]))
  let keys: Set<string> | null = null
  try { keys = new Set(expandSpec(sweep.spec).map((it) => configHash(it.config))) } catch { /* a spec this code no longer expands: linked runs only */ }
  if (keys) for (const j of store.listJobs()) if (j.runId !== null && keys.has(j.key) && !byId.has(j.runId)) {
    const r = store.getRun(j.runId)
    if (r && r.deletedAt === null) byId.set(r.id, r) // a trashed run is out of the report, as listRuns leaves it out above
  }
  return [...byId.values()].sort((a, b) => a.id - b.id)
}

/** Builds the phase report of a sweep (by id or name). */
export function phaseReport(store: Store, sweep: number | string, opts: PhaseOptions = {}): PhaseReport {
  const s = store.getSweep(typeof sweep === 'string' && /^\d+$/.test(sweep) ? Number(sweep) : sweep)
  if (!s) throw new ValidationError('sweep', `no sweep ${JSON.stringify(sweep)} (see li2 sweep status)`)
  const rule = opts.rule ?? DEFAULT_OUTCOME_RULE
  const tasks = new Map<string, Task>()
  const task = (g: string): Task => { let t = tasks.get(g); if (!t) { t = buildTask({ group: g, expression: null, ops: 2 }); tasks.set(g, t) } return t }
  const points: PhasePoint[] = []
  const outcomes: Record<string, number> = { generalized: 0, memorized: 0, collapsed: 0, diverged: 0, unfinished: 0, pending: 0 }
  for (const r of sweepRuns(store, s.id)) {
    const c = r.config
    const t = task(c.group)
    const p = c.trainFrac ?? (c.trainCount !== null ? c.trainCount / t.numSamples : criticalFraction(t.M, t.criticalC, c.criticalMultiplier, c.criticalDelta ?? 0))
    const m = store.getMetrics(r.id, { columns: ['test_acc'] })
    const fin = (r.summary?.final ?? null) as { train_acc: number | null; test_acc: number | null; train_loss?: number | null } | null
    const o = classifyRun({
      status: r.status, trainAcc: fin?.train_acc ?? null, testAcc: fin?.test_acc ?? null, epochs: m.epoch, testAccSeries: m.test_acc ?? [],
      trainLoss: fin?.train_loss ?? null, loss: c.loss, M: t.M,
    }, rule)
    outcomes[o.complete ? o.outcome : 'pending']++
    points.push({ group: c.group, M: t.M, C: t.criticalC, p, outcome: o.outcome, complete: o.complete, timeToGrok: o.timeToGrok, runId: r.id })
  }
  const cells = phaseCells(points)
  const groups = [...new Set(cells.map((c) => c.group))]
  const boundaries: GroupBoundary[] = groups.map((g) => {
    const gc = cells.filter((c) => c.group === g)
    const t = task(g)
    // the boundary separates memorization from generalization: collapsed, diverged and unfinished runs are neither
    const b = fitBoundary(gc.map((c) => ({ p: c.p, k: c.generalized, n: c.generalized + c.memorized })))
    return {
      group: g, M: t.M, C: t.criticalC, p_c: criticalFraction(t.M, t.criticalC, CRITICAL_RATIO_C, 0), runs: gc.reduce((a, c) => a + c.runs, 0),
      ...b, theory_p: opts.theory ? energyBoundary(t, gc.map((c) => c.p), opts.theoryRestarts ?? 8) : null,
    }
  }).sort((a, b) => a.M - b.M || a.group.localeCompare(b.group))
  const fitted = boundaries.filter((b) => b.status === 'fit' && b.pStar !== null)
  const fit = fitScalingConstant(fitted.map((b) => ({ M: b.M, pStar: b.pStar!, C: b.C })))
  const theory = boundaries.filter((b) => b.theory_p !== null)
  const theoryC = opts.theory && theory.length ? fitScalingConstant(theory.map((b) => ({ M: b.M, pStar: b.theory_p!, C: b.C }))).c : null
  return { sweep: { id: s.id, name: s.name }, rule, cells, boundaries, fit: { ...fit, theory_c: theoryC }, outcomes }
}

/** Energy-only boundary (theory engine, Thm 4): the smallest swept p from which at least half of the full-table features
 *  stay features after ascent on the p-subset, at every larger swept p too; null when none does. */
export function energyBoundary(task: Task, fractions: number[], restarts: number): number | null {
  const ps = [...new Set(fractions)].filter((p) => p > 0 && p <= 1).sort((a, b) => a - b)
  if (!ps.length) return null
  const pts = dataScaling(task, { fractions: ps, restarts, seed: 0 }).points
  let best: number | null = null
  for (let i = pts.length - 1; i >= 0 && pts[i].stayedShare >= 0.5; i--) best = pts[i].p
  return best
}
