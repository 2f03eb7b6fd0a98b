// A collapsed run (train loss at the zero-output value 1 − 1/M, train accuracy near chance) is classified as collapsed,
// counted in its cell, and left out of the memorization/generalization boundary fit; the known values come from the quick
// fig5-prime panel at wd 1e-3, where Z_53 at 4·p_c ended at train loss 0.98099, train acc 0.0095.
import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/core/config'
import { fitBoundary } from '../../src/core/phase'
import { openStore } from '../../src/store'
import { phaseReport } from '../../src/runner/phase'
import { GENERALIZED_TEST_ACC, MEMORIZED_TRAIN_ACC } from '../../src/core/earlyStop'
import { classifyRun, configOrder, DEFAULT_OUTCOME_RULE } from '../../src/runner/outcomes'

const fin = (trainLoss: number, trainAcc: number, testAcc: number) =>
  ({ status: 'finished', trainAcc, testAcc, trainLoss, loss: 'mse' as const, M: 53, epochs: [], testAccSeries: [] })

describe('collapsed outcome', () => {
  it('classifies the zero-output state as collapsed, and nothing else', () => {
    expect(classifyRun(fin(0.980989, 0.0095, 0.016)).outcome).toBe('collapsed')
    expect(classifyRun(fin(1 - 1 / 53, 0.0189, 0.02)).outcome).toBe('collapsed')
    expect(classifyRun(fin(0.0005, 1, 1)).outcome).toBe('generalized')
    expect(classifyRun(fin(0.002, 1, 0.09)).outcome).toBe('memorized')
    // a run that learned some (train acc 0.3, loss well below 1 − 1/M) is not collapsed but unfinished
    expect(classifyRun(fin(0.6, 0.3, 0.1)).outcome).toBe('unfinished')
    // at the baseline loss but with train accuracy above 3/M: not collapsed
    expect(classifyRun(fin(0.9811, 0.2, 0.02)).outcome).toBe('unfinished')
    // without the loss (or M) no collapse can be told: the old rule stands
    expect(classifyRun({ ...fin(0.980989, 0.0095, 0.016), trainLoss: null }).outcome).toBe('unfinished')
    // cross-entropy: the zero output's loss is ln M
    expect(classifyRun({ ...fin(Math.log(53), 0.02, 0.02), loss: 'ce' }).outcome).toBe('collapsed')
    expect(classifyRun({ ...fin(0.98, 0.02, 0.02), loss: 'ce' }).outcome).toBe('unfinished')
  })
  it('early stopping judges by the outcome rule’s thresholds', () => {
    expect(GENERALIZED_TEST_ACC).toBe(DEFAULT_OUTCOME_RULE.testAcc)
    expect(MEMORIZED_TRAIN_ACC).toBe(DEFAULT_OUTCOME_RULE.trainAcc)
  })
  it('configOrder reads |G| from the name', () => {
    expect(configOrder({ group: '53' })).toBe(53)
    expect(configOrder({ group: '4x7' })).toBe(28)
    expect(configOrder({ group: '97', expression: 'x^2+y' })).toBe(97)
  })

  it('phaseReport counts collapsed runs in their cell and fits the boundary on generalized vs memorized only', () => {
    const store = openStore(':memory:')
    const spec = { name: 'c', fixed: { group: '23', hidden: 8, epochs: 10 }, grid: { 'train-frac': [0.2, 0.4, 0.6], seed: [1, 2, 3, 4] } }
    const sweepId = store.createSweep('c', spec)
    const M = 23
    // p 0.2: memorized; 0.4: generalized; 0.6: two generalized, two collapsed (as the quick panel's largest p did at wd 1e-3)
    const plan: [number, number, 'gen' | 'mem' | 'col'][] = [
      [0.2, 1, 'mem'], [0.2, 2, 'mem'], [0.2, 3, 'mem'], [0.2, 4, 'mem'],
      [0.4, 1, 'gen'], [0.4, 2, 'gen'], [0.4, 3, 'gen'], [0.4, 4, 'gen'],
      [0.6, 1, 'gen'], [0.6, 2, 'gen'], [0.6, 3, 'col'], [0.6, 4, 'col'],
    ]
    for (const [p, seed, o] of plan) {
      const id = store.createRun(resolveConfig({ group: '23', hidden: 8, epochs: 10, 'train-frac': p, seed }), { sweepId })
      const final = o === 'gen' ? { train_acc: 1, test_acc: 1, train_loss: 1e-3, test_loss: 1e-2 }
        : o === 'mem' ? { train_acc: 1, test_acc: 0.05, train_loss: 1e-3, test_loss: 1 }
          : { train_acc: 1 / M, test_acc: 1 / M, train_loss: 1 - 1 / M - 1e-4, test_loss: 1 - 1 / M }
      store.appendMetrics(id, [{ epoch: 10, train_loss: final.train_loss, train_acc: final.train_acc, test_loss: final.test_loss, test_acc: final.test_acc, lr: 1e-2 }])
      store.updateRun(id, { summary: { final, last_epoch: 10, first_epoch_test_acc_ge: {}, ms_per_step: null, n_train: null, n_test: null } })
      store.setStatus(id, 'finished')
    }
    const r = phaseReport(store, 'c')
    expect(r.outcomes).toMatchObject({ generalized: 6, memorized: 4, collapsed: 2, unfinished: 0, pending: 0 })
    const top = r.cells.find((c) => c.p === 0.6)!
    expect(top).toMatchObject({ runs: 4, generalized: 2, memorized: 0, collapsed: 2, success_rate: 1 })
    // the fit sees a clean step from 0.2 (0/4) to 0.4 (4/4) and 0.6 (2/2): p* in the gap, as a fit without the collapsed runs
    const b = r.boundaries[0]
    const expected = fitBoundary([{ p: 0.2, k: 0, n: 4 }, { p: 0.4, k: 4, n: 4 }, { p: 0.6, k: 2, n: 2 }])
    expect(b).toMatchObject({ status: 'fit', separated: true, pStar: expected.pStar, lo: expected.lo, hi: expected.hi })
    expect(b.pStar!).toBeGreaterThan(0.2)
    expect(b.pStar!).toBeLessThan(0.4)
    // counted as failures (the old rule), the collapsed runs would have broken the step
    const old = fitBoundary([{ p: 0.2, k: 0, n: 4 }, { p: 0.4, k: 4, n: 4 }, { p: 0.6, k: 2, n: 4 }])
    expect(old.separated).toBe(false)
    store.close()
  })
})
