// The sweep ETA: the cost model over the runs left, scaled by the measured speed, so runs left that are larger than the
// runs done lengthen it (the old completion-rate ETA did not: fig5-prime quick showed 4–7 min for most of an hour).
import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/core/config'
import { epochCostMs, estimateCost } from '../../src/runner/presets'
import { type EtaRun, PRIOR_WORK_MS, sweepEta } from '../../src/runner/eta'

const run = (state: EtaRun['state'], msPerEpoch: number, done = 0, epochs = 100, from = 0): EtaRun => ({ state, msPerEpoch, epochs, from, done })

describe('sweepEta', () => {
  it('scales the modelled cost of the runs left by the measured wall time per modelled ms', () => {
    // two small runs done (200 modelled ms) in 4 s of wall time: speed 20; two runs left, ten times larger
    // two small runs done (200 000 modelled ms) in 4 000 s of wall time: speed ≈ 20; two runs left, ten times larger
    const runs = [run('ended', 1000, 100), run('ended', 1000, 100), run('queued', 10_000), run('queued', 10_000)]
    const eta = sweepEta(runs, 4e6, 2, 0.7)!
    expect(eta).toBeCloseTo((2e6 * (4e6 + PRIOR_WORK_MS / 1.4)) / (2e5 + PRIOR_WORK_MS))
    // a completion rate would have said 2 runs left × 2 000 s each = 4 000 s: several times too short
    expect(eta).toBeGreaterThan(5 * 4e6)
  })
  it('counts the epochs done of runs in flight, and expects the budget share the ended runs used', () => {
    const runs = [run('ended', 1, 50), run('running', 2, 30), run('queued', 2)]
    // work: 50·1 + 30·2 = 110 modelled ms; share 50/100: left (50 − 30)·2 + 50·2 = 140; speed (elapsed + W0)/(110 + W0)
    expect(sweepEta(runs, 11_000, 1, 0.7)).toBeCloseTo((140 * (11_000 + PRIOR_WORK_MS)) / (110 + PRIOR_WORK_MS))
  })
  it('does not read worker start-up as a slow machine: seconds elapsed with almost no work stay near the prior', () => {
    const runs = [run('running', 1, 1), ...Array.from({ length: 100 }, () => run('queued', 10, 0, 2000))]
    const prior = (100 * 10 * 2000) / 1.4
    expect(sweepEta(runs, 5000, 2, 0.7)! / prior).toBeLessThan(1.2)
  })
  it('starts from the model on `workers` workers, and is 0 once every run ended', () => {
    expect(sweepEta([run('queued', 1), run('queued', 1)], 0, 2, 0.7)).toBeCloseTo(200 / 1.4)
    expect(sweepEta([run('ended', 1, 100)], 5000, 2, 0.7)).toBe(0)
  })
  it('estimateCost is the sum of epochCostMs over the full budgets', () => {
    const a = resolveConfig({ group: '23', hidden: 64, epochs: 100, 'train-frac': 0.5 })
    const b = resolveConfig({ group: '71', hidden: 64, epochs: 300, 'train-frac': 0.5 })
    expect(epochCostMs(b)).toBeGreaterThan(5 * epochCostMs(a)) // 71² vs 23² pairs (9.5×, less the fixed per-step overhead)
    expect(estimateCost([a, b]).ms).toBeCloseTo(100 * epochCostMs(a) + 300 * epochCostMs(b))
  })
})
