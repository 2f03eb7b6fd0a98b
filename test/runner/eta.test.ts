// The sweep ETA: the cost model over the runs left, scaled by the measured speed, so runs left that are larger than the
// runs done lengthen it (the old completion-rate ETA did not: fig5-prime quick showed 4–7 min for most of an hour).
import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/core/config'
import { epochCostMs, estimateCost } from '../../src/runner/presets'
import { type EtaRun, sweepEta } from '../../src/runner/eta'

const run = (state: EtaRun['state'], msPerEpoch: number, done = 0, epochs = 100, from = 0): EtaRun => ({ state, msPerEpoch, epochs, from, done })

describe('sweepEta', () => {
  it('scales the modelled cost of the runs left by the measured wall time per modelled ms', () => {
    // two small runs done (200 modelled ms) in 4 s of wall time: speed 20; two runs left, ten times larger
    const runs = [run('ended', 1, 100), run('ended', 1, 100), run('queued', 10), run('queued', 10)]
    expect(sweepEta(runs, 4000, 2, 0.7)).toBeCloseTo(20 * 2000)
    // a completion rate would have said 4000 ms per run × 2 runs left = 8 s: five times too short
  })
  it('counts the epochs done of runs in flight, and expects the budget share the ended runs used', () => {
    const runs = [run('ended', 1, 50), run('running', 2, 30), run('queued', 2)]
    // work: 50·1 + 30·2 = 110 modelled ms in 11 s: speed 100; share 50/100: left (50 − 30)·2 + 50·2 = 140
    expect(sweepEta(runs, 11_000, 1, 0.7)).toBeCloseTo(100 * 140)
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
