/** Builds the task for a config: group arithmetic on any catalog / cyclic group, or an expression z = f(x, y) mod M (reference §4). */
import { checkRunSize } from './config'
import { ValidationError } from './errors'
import { compileExpression } from './expression'
import './groups/catalog' // registers D7, Q8, S4, SmallGroup(…) with resolveGroup
import { characterTable } from './groups/characters'
import type { FiniteGroup } from './groups/group'
import { resolveGroup } from './groups/index'
import { LIMITS } from './limits'
import { functionTask, groupTask, type Task } from './task'

/** What a task needs from the training config. */
export interface TaskSpec {
  /** Group spec ("71", "4x7", "D7", "SmallGroup(24,3)", …); for expressions the modulus M. */
  group: string | FiniteGroup
  /** z = f(x, y) mod M instead of the group product, or null. */
  expression: string | null
  /** q, operands per sample (expressions take exactly 2). */
  ops: number
  /** K and the residual layers, when the task is for a run: then the run's size limits are checked (config.checkRunSize)
   *  once the group's order is known (a `table:` group's only after reading it). */
  hidden?: number
  residualLayers?: number
}

/** Refuses before enumerating samples: the run's limits when K is known, else the sample count alone. */
function checkSize(cfg: TaskSpec, M: number, kind: 'group' | 'expression'): void {
  if (cfg.hidden !== undefined) { checkRunSize({ hidden: cfg.hidden, ops: cfg.ops, residualLayers: cfg.residualLayers ?? 0 }, M, kind); return }
  const N = M ** cfg.ops
  if (N > LIMITS.maxSamples) throw new ValidationError(cfg.ops > 2 ? 'ops' : 'group', `M^q = ${M}^${cfg.ops} = ${N.toPrecision(3)} samples is above the limit of ${LIMITS.maxSamples}`)
}

/** c in the critical ratio: 1 for Abelian groups, d_max/2 otherwise (reference: group_collection_max_dk/2). */
export function criticalC(group: FiniteGroup): number {
  if (group.abelian) return 1
  return Math.max(...characterTable(group).irreps.map((x) => x.degree)) / 2
}

/** The task for a spec: all q-tuples labelled by their product, or all (x, y) ∈ Z_M² labelled by f(x, y) mod M. */
export function buildTask(cfg: TaskSpec): Task {
  if (!Number.isInteger(cfg.ops) || cfg.ops < 2) throw new ValidationError('ops', `must be an integer ≥ 2 (got ${cfg.ops})`)
  if (cfg.expression !== null) {
    if (cfg.ops !== 2) throw new ValidationError('ops', 'expression tasks take exactly 2 operands (x, y)')
    const M = typeof cfg.group === 'string' ? Number(cfg.group.trim()) : NaN
    if (!Number.isInteger(M) || M < 2) throw new ValidationError('group', `an expression task needs a modulus M like 71 as its group (got ${JSON.stringify(typeof cfg.group === 'string' ? cfg.group : cfg.group.name)})`)
    const f = compileExpression(cfg.expression, M)
    checkSize(cfg, M, 'expression')
    return functionTask(`expr:${cfg.expression.replace(/\s+/g, '')} mod ${M}`, M, 2, (xs) => f(xs[0], xs[1]))
  }
  const group = typeof cfg.group === 'string' ? resolveGroup(cfg.group) : cfg.group // refuses orders above LIMITS.maxGroupOrder unbuilt
  checkSize(cfg, group.order, 'group')
  return groupTask(group, cfg.ops, criticalC(group))
}
