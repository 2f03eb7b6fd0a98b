// annotateStages: the stage rule of docs/SCIENCE.md on hand-made metric series with known onsets.
import { describe, expect, it } from 'vitest'
import { annotateStages, type StageInput } from '../../../src/core/diagnostics/stages'

const series = (rows: [number, number, number | null, number | null, number | null][]): StageInput => ({
  epoch: rows.map((r) => r[0]), train_acc: rows.map((r) => r[1]), test_acc: rows.map((r) => r[2]), dw_cos: rows.map((r) => r[3]), dv_cos: rows.map((r) => r[4]),
})

describe('annotateStages', () => {
  it('II at the first ΔW > ΔV once train acc reached 0.9; III at the first test acc ≥ 0.5 after II', () => {
    const m = series([
      [0, 0.1, 0.0, 1e-3, 1e-2], // ΔW > ΔV is not enough before the fit
      [10, 0.95, 0.1, 1e-4, 1e-3],
      [20, 1, 0.6, 2e-4, 1e-4], // ΔW > ΔV: II; III needs an epoch after II
      [30, 1, 0.7, null, null],
    ])
    expect(annotateStages(m)).toMatchObject({ I: 0, II: 20, III: 30 })
  })
  it('without ΔW > ΔV, II falls back to the fit epoch', () => {
    const m = series([[0, 0.2, 0, 1e-5, 1e-3], [5, 0.92, 0.2, 1e-5, 1e-3], [9, 1, 0.55, null, null]])
    expect(annotateStages(m)).toMatchObject({ I: 0, II: 5, III: 9 })
  })
  it('no fit, no II or III; an empty series has no marks', () => {
    expect(annotateStages(series([[0, 0.2, 0.9, 1, 0], [1, 0.5, 0.9, 1, 0]]))).toMatchObject({ I: 0, II: null, III: null })
    expect(annotateStages(series([]))).toMatchObject({ I: null, II: null, III: null })
  })
})
