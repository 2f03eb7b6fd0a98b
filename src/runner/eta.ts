/** A sweep's time left: the cost model (presets' ms per epoch by group size, K and split) over the runs left, corrected by
 *  the speed measured so far (wall time per modelled ms of the work this runner did) and, with early stopping, by the share
 *  of their epoch budget the ended runs used. A completion rate alone (the old ETA) reads the small groups that run first
 *  as the speed of the large ones that follow. Pure. */

/** Modelled work (ms) the prior speed counts as: about a minute of training, after which the measurement dominates. */
export const PRIOR_WORK_MS = 60_000

/** One run of the sweep as the ETA sees it. */
export interface EtaRun {
  state: 'queued' | 'running' | 'ended'
  /** Modelled single-worker ms per epoch (presets.epochCostMs). */
  msPerEpoch: number
  /** Epoch budget. */
  epochs: number
  /** Epoch this runner took the run up at (0 unless resumed), and the epochs done now (or when it ended). */
  from: number
  done: number
}

/** Estimated ms until every run has ended, or null when nothing is left to estimate. `workers` parallel workers with
 *  `parallelEfficiency` (measured, presets) serve the prior before any work has been timed. */
export function sweepEta(runs: readonly EtaRun[], elapsedMs: number, workers: number, parallelEfficiency: number): number | null {
  let work = 0, usedEnded = 0, budgetEnded = 0
  for (const r of runs) {
    if (r.state !== 'queued') work += Math.max(0, r.done - r.from) * r.msPerEpoch
    if (r.state === 'ended') { usedEnded += r.done * r.msPerEpoch; budgetEnded += r.epochs * r.msPerEpoch }
  }
  // early-stopped runs end before their budget: expect the runs left to use the same share of theirs
  const share = budgetEnded > 0 ? Math.min(1, usedEnded / budgetEnded) : 1
  let left = 0
  for (const r of runs) {
    if (r.state === 'queued') left += share * r.epochs * r.msPerEpoch
    else if (r.state === 'running') left += Math.max(0, share * r.epochs - r.done) * r.msPerEpoch
  }
  if (!runs.some((r) => r.state !== 'ended')) return 0
  // wall ms per modelled ms: the measured ratio, shrunk toward the model's own speed on `workers` by PRIOR_WORK_MS of
  // pseudo-work, so the first seconds (worker start-up, little work timed) do not read as a hundredfold slow machine
  const prior = 1 / (workers > 1 ? workers * parallelEfficiency : 1)
  const speed = (elapsedMs + prior * PRIOR_WORK_MS) / (work + PRIOR_WORK_MS)
  return left * speed
}
