/** When to write weight checkpoints: a schedule dense across the whole run (log-spaced early, where Stage I→II is
 *  fast, and evenly spaced so a late grokking window is covered), plus event checkpoints at each stage onset and at
 *  the first epochs where test accuracy crosses 0.5, 0.9, 0.95 (the outcome rule's grok threshold) and 0.99, which is where researchers look. */
import { STAGE_FIT_TRAIN_ACC, STAGE_III_TEST_ACC } from '../core/diagnostics/stages'

/** Test-accuracy thresholds whose first crossing gets a checkpoint and a summary entry. */
export const TEST_ACC_THRESHOLDS = [0.5, 0.9, 0.95, 0.99] as const

/** Scheduled checkpoint epochs of a run of `epochs` steps: 0, the final epoch, and about `count` more, half
 *  log-spaced over [1, epochs] and half evenly spaced over [0, epochs] (rounding merges the earliest log points). */
export function checkpointSchedule(epochs: number, count: number): Set<number> {
  const out = new Set<number>([0, epochs])
  const nLog = Math.ceil(count / 2), nLin = count - nLog
  for (let i = 0; i < nLog; i++) out.add(Math.round(epochs ** (nLog === 1 ? 1 : i / (nLog - 1))))
  for (let i = 1; i <= nLin; i++) out.add(Math.round((i * epochs) / nLin))
  return out
}

/** What an epoch's metrics say, as the event tracker reads them (null: not computed that epoch). */
export interface EpochSignals {
  epoch: number
  train_acc: number | null
  test_acc: number | null
  dw_cos?: number | null
  dv_cos?: number | null
}

/** The onsets of the stage rule (core/diagnostics/stages.ts) and the test-accuracy crossings, found online, one epoch
 *  at a time, so the weights of that very epoch can still be stored. A stage onset the offline rule later moves (II
 *  falls back to the fit epoch until ΔW > ΔV is seen; III must follow the final II) is stored at each place it stood,
 *  so the offline marks always have a checkpoint. */
export class StageEvents {
  private fit: number | null = null
  private II: number | null = null
  private III: number | null = null
  private readonly crossed = new Set<number>()

  /** Replays stored metrics (a resumed run) so events are not fired twice. */
  constructor(history: Iterable<EpochSignals> = []) {
    for (const r of history) this.observe(r)
  }

  /** Asked before the update, when ΔW and ΔV are not known yet: could `observe` fire on this epoch? (An epoch where only
   *  ΔW > ΔV fires is a diagnostics epoch, whose weights the session keeps anyway.) */
  mayFire(r: EpochSignals): boolean {
    return this.fired({ ...r, dw_cos: null, dv_cos: null }, false).length > 0
  }

  /** The events at this epoch, in the order of the rule; updates the state. */
  observe(r: EpochSignals): string[] {
    return this.fired(r, true)
  }

  private fired(r: EpochSignals, commit: boolean): string[] {
    const ev: string[] = []
    let fit = this.fit, II = this.II, III = this.III
    if (fit === null && (r.train_acc ?? 0) >= STAGE_FIT_TRAIN_ACC) { fit = r.epoch; ev.push(`train acc ≥ ${STAGE_FIT_TRAIN_ACC} (stage II fallback)`) }
    if (fit !== null && II === null && r.dw_cos != null && r.dv_cos != null && r.dw_cos > r.dv_cos) { II = r.epoch; ev.push('stage II (ΔW > ΔV)') }
    const after = II ?? fit
    if (after !== null && r.epoch > after && (r.test_acc ?? 0) >= STAGE_III_TEST_ACC && (III === null || III <= after)) { III = r.epoch; ev.push('stage III') }
    for (const th of TEST_ACC_THRESHOLDS) {
      if (!this.crossed.has(th) && (r.test_acc ?? -1) >= th) { ev.push(`test acc ≥ ${th}`); if (commit) this.crossed.add(th) }
    }
    if (commit) { this.fit = fit; this.II = II; this.III = III }
    return ev
  }
}

/** First epoch at which each test-accuracy threshold is reached, or null. */
export function firstEpochAtLeast(epochs: number[], acc: (number | null)[], thresholds: readonly number[]): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const th of thresholds) {
    let hit: number | null = null
    for (let i = 0; i < epochs.length; i++) if ((acc[i] ?? -1) >= th) { hit = epochs[i]; break }
    out[String(th)] = hit
  }
  return out
}

/** The stored epoch nearest to `want` (the earlier one on a tie), or null when none is stored. */
export function nearestEpoch(stored: readonly number[], want: number): number | null {
  let best: number | null = null
  for (const e of stored) if (best === null || Math.abs(e - want) < Math.abs(best - want) || (Math.abs(e - want) === Math.abs(best - want) && e < best)) best = e
  return best
}
