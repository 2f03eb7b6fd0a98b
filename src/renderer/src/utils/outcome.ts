// How a run came out, in one rule the header, and later the table, can share: generalized / memorized / diverged / unfinished.
import type { RunDetail } from '../../../api/contract'

export type RunOutcome = 'generalized' | 'memorized' | 'diverged' | 'unfinished'

/** Accuracy at or above which a split counts as learned (the "time to grok" threshold too). */
export const LEARNED_ACC = 0.9
/** Test accuracy below which a run that fit its training set counts as memorized. */
export const MEMORIZED_TEST_ACC = 0.5

/** The outcome of a run: finished with final test acc ≥ 0.9 → generalized; finished with train ≥ 0.9 and test < 0.5 →
 *  memorized; status diverged → diverged; anything else (still training, stopped, or finished in between) → unfinished. */
export function runOutcome(run: Pick<RunDetail, 'status' | 'final'>): RunOutcome {
  if (run.status === 'diverged') return 'diverged'
  const f = run.final
  if (run.status !== 'finished' || !f) return 'unfinished'
  if (f.test_acc !== null && f.test_acc >= LEARNED_ACC) return 'generalized'
  if (f.train_acc >= LEARNED_ACC && f.test_acc !== null && f.test_acc < MEMORIZED_TEST_ACC) return 'memorized'
  return 'unfinished'
}

/** The first epoch with test accuracy ≥ 0.9, from a run summary's first_epoch_test_acc_ge, or null. */
export function timeToGrok(summary: Record<string, unknown> | null | undefined): number | null {
  const ge = summary?.first_epoch_test_acc_ge as Record<string, number | null> | undefined
  if (!ge) return null
  const key = Object.keys(ge).find((k) => Math.abs(Number(k) - LEARNED_ACC) < 1e-9)
  const v = key === undefined ? null : ge[key]
  return typeof v === 'number' ? v : null
}
