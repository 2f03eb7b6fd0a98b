/** Early stopping (`--stop-when`): end a run once its outcome can no longer change, and the collapsed state it watches
 *  for (the zero-output baseline). Pure; the training loop in the runner feeds it one epoch record at a time. */
import type { LossName } from './config'
import { ValidationError } from './errors'

/** Test accuracy at which a run counts as generalized: the phase diagram's default rule (runner/outcomes). */
export const GENERALIZED_TEST_ACC = 0.95
/** Train accuracy at which a run that did not generalize counts as memorized (runner/outcomes). */
export const MEMORIZED_TRAIN_ACC = 0.99
/** "Flat" test accuracy: its range over the window stays within this. */
export const FLAT_TEST_ACC = 0.01
/** Collapsed: train accuracy at most this many times chance (1/M)… */
export const COLLAPSE_CHANCE_MULT = 3
/** …and train loss within this relative distance of the zero-output loss (an input-independent output fits the train
 *  split's label frequencies, which sit within ~1/n of uniform; a fresh network starts within ~0.2% above it). */
export const COLLAPSE_LOSS_TOL = 0.02

/** The loss of the zero output o = 0: projected MSE ‖e_y − 1/M‖² = 1 − 1/M; cross-entropy ln M. */
export function zeroOutputLoss(loss: LossName, M: number): number {
  return loss === 'mse' ? 1 - 1 / M : Math.log(M)
}

/** True when (train loss, train acc) sit at the zero-output state: loss within COLLAPSE_LOSS_TOL of zeroOutputLoss and train
 *  acc ≤ COLLAPSE_CHANCE_MULT/M. Liu et al.'s "confusion" phase is the analogue. */
export function isCollapsedState(loss: LossName, M: number, trainLoss: number, trainAcc: number): boolean {
  const L0 = zeroOutputLoss(loss, M)
  return Math.abs(trainLoss - L0) <= COLLAPSE_LOSS_TOL * L0 && trainAcc <= COLLAPSE_CHANCE_MULT / M
}

/** One stop condition. grok: test acc ≥ GENERALIZED_TEST_ACC at `n` consecutive evaluations. memorized: train acc ≥
 *  MEMORIZED_TRAIN_ACC with test acc below GENERALIZED_TEST_ACC and flat (range ≤ FLAT_TEST_ACC) over the last `n` epochs.
 *  collapsed: in the collapsed state for `n` consecutive epochs after having left it (a slow start is not a collapse). */
export interface StopCondition { kind: 'grok' | 'memorized' | 'collapsed'; n: number }

/** What `--stop-when auto` means: stop 3 evaluations after grokking, after 800 flat memorized epochs, after 200 collapsed ones.
 *  800: a Z_53 run at p_c (quick knobs) crept from 0.2% to 2% test accuracy over epochs 100–1100 — flat by 0.01 over 500
 *  epochs but rising; a long window keeps a slow climber from being cut before it could grok. */
export const AUTO_STOP = 'grok:3,memorized:800,collapsed:200'

/** Parses a stop rule: `off`, `auto`, or a comma list of grok:N, memorized:N, collapsed:N (N an integer ≥ 1, each kind
 *  at most once). Throws a ValidationError on field `stop-when` naming the bad part. */
export function parseStopRule(text: string | undefined | null): StopCondition[] {
  const t = (text ?? 'off').trim()
  if (t === 'off') return []
  const src = t === 'auto' ? AUTO_STOP : t
  const out: StopCondition[] = []
  for (const part of src.split(',').map((s) => s.trim())) {
    const m = /^(grok|memorized|collapsed):(\d+)$/.exec(part)
    if (!m) throw new ValidationError('stop-when', `must be off, auto, or a comma list of grok:N, memorized:N, collapsed:N (got ${JSON.stringify(part)})`)
    const n = Number(m[2])
    if (!Number.isSafeInteger(n) || n < 1) throw new ValidationError('stop-when', `${m[1]}:N needs an integer N ≥ 1 (got ${m[2]})`)
    if (out.some((c) => c.kind === m[1])) throw new ValidationError('stop-when', `${m[1]} is given twice`)
    out.push({ kind: m[1] as StopCondition['kind'], n })
  }
  return out
}

/** One epoch as the watcher sees it (test_acc null where not evaluated). */
export interface StopSignals { epoch: number; train_loss: number; train_acc: number; test_acc: number | null }

/** Where and why a run stopped early (stored in its summary as `stopped_early`). */
export interface StoppedEarly { rule: string; condition: StopCondition['kind']; epoch: number }

/** Watches a run's epochs and says when a stop condition fires. Feed it the stored history first when resuming. */
export class StopWatcher {
  private readonly conds: StopCondition[]
  private grokStreak = 0
  private flat: { epoch: number; test: number }[] = []
  private memoSince: number | null = null
  private left = false
  private collapsedSince: number | null = null

  constructor(readonly rule: string, private readonly loss: LossName, private readonly M: number) {
    this.conds = parseStopRule(rule)
  }

  /** True when no condition is set (the rule is off). */
  get off(): boolean { return this.conds.length === 0 }

  /** Observes epoch `r`; returns the condition that fires at it, or null. */
  observe(r: StopSignals): StoppedEarly | null {
    let fired: StoppedEarly | null = null
    const fire = (c: StopCondition) => { fired ??= { rule: this.rule, condition: c.kind, epoch: r.epoch } }
    for (const c of this.conds) {
      if (c.kind === 'grok' && r.test_acc !== null) {
        this.grokStreak = r.test_acc >= GENERALIZED_TEST_ACC ? this.grokStreak + 1 : 0
        if (this.grokStreak >= c.n) fire(c)
      } else if (c.kind === 'memorized') {
        if (r.train_acc < MEMORIZED_TRAIN_ACC) { this.memoSince = null; this.flat = []; continue }
        this.memoSince ??= r.epoch
        if (r.test_acc === null) continue
        if (r.test_acc >= GENERALIZED_TEST_ACC) { this.flat = []; continue }
        this.flat.push({ epoch: r.epoch, test: r.test_acc })
        while (this.flat.length && this.flat[0].epoch < r.epoch - c.n) this.flat.shift()
        const tests = this.flat.map((f) => f.test)
        if (r.epoch - this.memoSince >= c.n && Math.max(...tests) - Math.min(...tests) <= FLAT_TEST_ACC) fire(c)
      } else if (c.kind === 'collapsed') {
        const inState = isCollapsedState(this.loss, this.M, r.train_loss, r.train_acc)
        if (!inState) { this.left = true; this.collapsedSince = null; continue }
        if (!this.left) continue
        this.collapsedSince ??= r.epoch
        if (r.epoch - this.collapsedSince + 1 >= c.n) fire(c)
      }
    }
    return fired
  }
}
