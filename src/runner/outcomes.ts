/** Outcome of one run (generalized | memorized | collapsed | diverged | unfinished) under a configurable accuracy rule, and
 *  its time to grok. Pure; the reference code defines no threshold (reference §8), so the rule is explicit and stored with results. */
import type { LossName } from '../core/config'
import { GENERALIZED_TEST_ACC, isCollapsedState, MEMORIZED_TRAIN_ACC } from '../core/earlyStop'
import { ValidationError } from '../core/errors'
import { groupOrder } from '../core/groups/registry'

/** How a run ended, as far as the phase diagram cares. collapsed: the network sits at the zero-output loss with train
 *  accuracy near chance (core/earlyStop isCollapsedState; Liu et al.'s "confusion" phase is the analogue): it neither
 *  memorized nor generalized, so the boundary fit leaves it out. */
export type Outcome = 'generalized' | 'memorized' | 'collapsed' | 'diverged' | 'unfinished'

/** The thresholds; defaults: generalized when final test acc ≥ 0.95, memorized when train ≥ 0.99 and test < 0.95. */
export interface OutcomeRule {
  /** Test accuracy at (or above) which a run generalized. */
  testAcc: number
  /** Train accuracy at (or above) which a run that did not generalize memorized. */
  trainAcc: number
  /** Test accuracy that marks the grokking epoch (time to grok). */
  grokAcc: number
  /** 'final' reads the last evaluated test accuracy; 'max' the best one seen (forgiving late instabilities). */
  use: 'final' | 'max'
}

/** The default rule (stated in docs/SCIENCE.md § Phase diagram). */
export const DEFAULT_OUTCOME_RULE: Readonly<OutcomeRule> = Object.freeze({ testAcc: GENERALIZED_TEST_ACC, trainAcc: MEMORIZED_TRAIN_ACC, grokAcc: GENERALIZED_TEST_ACC, use: 'final' })

/** What classification needs from a run: its status, its final accuracies and its test-accuracy series. */
export interface RunFacts {
  status: string
  trainAcc: number | null
  testAcc: number | null
  /** Evaluated epochs and test accuracy there (null where not evaluated). */
  epochs: readonly number[]
  testAccSeries: readonly (number | null)[]
  /** Final train loss, the run's loss and |G|: with all three a run at the zero-output state is 'collapsed'. */
  trainLoss?: number | null
  loss?: LossName
  M?: number
}

/** One run's classification. `complete` is false for runs that have not reached their last epoch (they do not count in rates). */
export interface RunOutcome {
  outcome: Outcome
  complete: boolean
  /** First epoch with test acc ≥ rule.grokAcc, or null. */
  timeToGrok: number | null
}

/** First epoch at which `series` reaches `threshold`, or null. */
export function firstEpochReaching(epochs: readonly number[], series: readonly (number | null)[], threshold: number): number | null {
  for (let i = 0; i < epochs.length; i++) if ((series[i] ?? -Infinity) >= threshold) return epochs[i]
  return null
}

/** Classifies a run. A finished run (early-stopped runs are finished) at the zero-output state is 'collapsed'; one that
 *  neither generalized nor memorized (train < trainAcc) is 'unfinished' but complete. Diverged runs are complete. Only
 *  generalized and memorized runs enter the boundary fit (runner/phase). */
export function classifyRun(f: RunFacts, rule: OutcomeRule = DEFAULT_OUTCOME_RULE): RunOutcome {
  const timeToGrok = firstEpochReaching(f.epochs, f.testAccSeries, rule.grokAcc)
  if (f.status === 'diverged') return { outcome: 'diverged', complete: true, timeToGrok }
  if (f.status !== 'finished') return { outcome: 'unfinished', complete: false, timeToGrok }
  if (f.trainAcc !== null && !Number.isFinite(f.trainAcc)) return { outcome: 'diverged', complete: true, timeToGrok }
  if (f.trainLoss != null && f.trainAcc !== null && f.loss && f.M && isCollapsedState(f.loss, f.M, f.trainLoss, f.trainAcc)) {
    return { outcome: 'collapsed', complete: true, timeToGrok }
  }
  let test = f.testAcc
  if (rule.use === 'max') for (const v of f.testAccSeries) if (v !== null && (test === null || v > test)) test = v
  if (test !== null && test >= rule.testAcc) return { outcome: 'generalized', complete: true, timeToGrok }
  if (f.trainAcc !== null && f.trainAcc >= rule.trainAcc) return { outcome: 'memorized', complete: true, timeToGrok }
  return { outcome: 'unfinished', complete: true, timeToGrok }
}

/** Validates and merges a partial rule (undefined fields ignored) over the default; throws naming the field. */
export function outcomeRule(over: Partial<OutcomeRule> = {}): OutcomeRule {
  const given = Object.fromEntries(Object.entries(over).filter(([, v]) => v !== undefined)) as Partial<OutcomeRule>
  const r = { ...DEFAULT_OUTCOME_RULE, ...given }
  for (const k of ['testAcc', 'trainAcc', 'grokAcc'] as const) {
    if (!(r[k] > 0 && r[k] <= 1)) throw new ValidationError(k, `must be in (0, 1] (got ${r[k]})`)
  }
  if (r.use !== 'final' && r.use !== 'max') throw new ValidationError('use', `must be final or max (got ${String(r.use)})`)
  return r
}

/** |G| of a config without building its task (cyclic, catalog, products, an expression's modulus), or undefined: what
 *  classifyRun's collapse test needs where the task is not at hand (the runs list). */
export function configOrder(c: { group: string; expression?: string | null }): number | undefined {
  if (c.expression) { const M = Number(c.group.trim()); return Number.isInteger(M) && M >= 2 ? M : undefined }
  return groupOrder(c.group) ?? undefined
}
