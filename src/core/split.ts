/** Train/test splits by fraction, count or the Li2 critical ratio (reference §5), seeded and reloadable. */
import { ValidationError } from './errors'
import { Rng } from './rng'

export type SplitRule =
  | { kind: 'fraction'; trainFrac: number }
  | { kind: 'count'; trainCount: number }
  | { kind: 'critical'; delta: number; multiplier: number }

export interface Split {
  /** Sample indices of the training set, in split order. */
  readonly train: Int32Array
  readonly test: Int32Array
}

/** Training fraction of the critical-ratio rule: p = c·(mult − δ)·ln|G| / |G| (natural log), before clipping. */
export function criticalFraction(order: number, c: number, multiplier: number, delta: number): number {
  return c * (multiplier - delta) * Math.log(order) / order
}

/** n_train for N samples, following sklearn's train_test_split: n_test = ⌈test_size·N⌉, n_train = N − n_test. */
export function trainSize(N: number, rule: SplitRule, order: number, c: number): number {
  let n: number
  if (rule.kind === 'count') {
    n = rule.trainCount
  } else {
    const p = rule.kind === 'fraction' ? rule.trainFrac : criticalFraction(order, c, rule.multiplier, rule.delta)
    const testSize = Math.min(1, Math.max(0, 1 - p))
    n = N - Math.ceil(testSize * N - 1e-9) // the epsilon absorbs float noise such as (1−0.4)·5041 = 3024.6000000000004
  }
  if (n < 1) throw new ValidationError(rule.kind === 'count' ? 'train-count' : rule.kind === 'critical' ? 'critical-delta' : 'train-frac', `leaves no training samples (of ${N})`)
  if (n >= N) throw new ValidationError(rule.kind === 'count' ? 'train-count' : rule.kind === 'critical' ? 'critical-delta' : 'train-frac', `leaves no test samples (n_train ${n} of ${N})`)
  return n
}

/** A seeded shuffled split: the first n_test of a permutation are test, the rest train (as sklearn). */
export function makeSplit(N: number, nTrain: number, seed: number): Split {
  const perm = new Rng(seed ^ 0x5eed5).permutation(N)
  const nTest = N - nTrain
  return { test: perm.slice(0, nTest), train: perm.slice(nTest) }
}
