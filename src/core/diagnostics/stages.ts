/** The stage annotator: where Li2's Stages I, II and III begin, read off the logged signals (rule in docs/SCIENCE.md). */

export interface StageInput {
  epoch: number[]
  train_acc: (number | null)[]
  test_acc: (number | null)[]
  dw_cos: (number | null)[]
  dv_cos: (number | null)[]
}

export interface StageMarks {
  /** Stage I (lazy learning) starts at the first logged epoch. */
  I: number | null
  /** Stage II (independent feature learning) start, or null if not reached. */
  II: number | null
  /** Stage III (interactive feature learning) start, or null if not reached. */
  III: number | null
  rule: string
}

/** Training accuracy at which the top layer has fit the lazy features (Stage II can start). */
export const STAGE_FIT_TRAIN_ACC = 0.9
/** Test accuracy at which features have emerged (Stage III starts). */
export const STAGE_III_TEST_ACC = 0.5

export const STAGE_RULE =
  'I at the first epoch; II at the first epoch, once training accuracy has reached 0.9 (the top layer has fit the ' +
  'lazy features), where the hidden layer moves more than the top layer (cos-distance ΔW > ΔV), else at the fit ' +
  'epoch itself; III at the first epoch after II where test accuracy reaches 0.5 (features have emerged and now interact).'

/** Stage marks from per-epoch metrics (null entries are epochs where a signal was not computed). */
export function annotateStages(m: StageInput): StageMarks {
  const n = m.epoch.length
  if (n === 0) return { I: null, II: null, III: null, rule: STAGE_RULE }
  let fit = -1
  for (let i = 0; i < n; i++) if ((m.train_acc[i] ?? 0) >= STAGE_FIT_TRAIN_ACC) { fit = i; break }
  let II: number | null = null
  if (fit >= 0) {
    II = m.epoch[fit]
    for (let i = fit; i < n; i++) {
      const w = m.dw_cos[i], v = m.dv_cos[i]
      if (w != null && v != null && w > v) { II = m.epoch[i]; break }
    }
  }
  let III: number | null = null
  if (II !== null) {
    for (let i = 0; i < n; i++) if (m.epoch[i] > II && (m.test_acc[i] ?? 0) >= STAGE_III_TEST_ACC) { III = m.epoch[i]; break }
  }
  return { I: m.epoch[0], II, III, rule: STAGE_RULE }
}
