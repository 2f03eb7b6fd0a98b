// Checkpoint schedule and the online stage-event tracker: the tracker fires at every epoch the offline stage rule
// (annotateStages) and the first-crossing summary name, on random histories, so those epochs always get a checkpoint.
import { describe, expect, it } from 'vitest'
import { annotateStages } from '../../src/core/diagnostics/stages'
import { Rng } from '../../src/core/rng'
import { checkpointSchedule, type EpochSignals, firstEpochAtLeast, nearestEpoch, StageEvents, TEST_ACC_THRESHOLDS } from '../../src/runner/schedule'

describe('checkpointSchedule', () => {
  it.each([[600, 50], [3000, 50], [20000, 50], [2000, 8], [40, 50]])('%i epochs, about %i: dense early, spread to the end, never over count + 2', (E, count) => {
    const s = [...checkpointSchedule(E, count)].sort((a, b) => a - b)
    expect(s[0]).toBe(0)
    expect(s[s.length - 1]).toBe(E)
    expect(s.length).toBeLessThanOrEqual(count + 2)
    expect(s.every((e) => Number.isInteger(e) && e >= 0 && e <= E)).toBe(true)
    if (E >= 600 && count >= 50) {
      expect(s.length).toBeGreaterThanOrEqual(40)
      expect(s.slice(0, 4)).toEqual([0, 1, 2, 3]) // the lazy stage is covered step by step
      // no gap wider than 1/12 of the run: a grokking window anywhere has checkpoints in it
      for (let i = 1; i < s.length; i++) expect(s[i] - s[i - 1]).toBeLessThanOrEqual(E / 12)
    }
  })
  it('count 0 keeps only the first and last epoch', () => {
    expect([...checkpointSchedule(500, 0)].sort((a, b) => a - b)).toEqual([0, 500])
  })
})

/** A random run history: accuracies climb with noise, diagnostics every d epochs, eval every v epochs. */
function history(rng: Rng, n: number): EpochSignals[] {
  const d = 1 + Math.floor(rng.uniform(0, 5)), v = 1 + Math.floor(rng.uniform(0, 5))
  const fitAt = rng.uniform(0, n), grokAt = rng.uniform(0, 1.5 * n)
  return Array.from({ length: n }, (_, e) => ({
    epoch: e,
    train_acc: Math.min(1, Math.max(0, (e - fitAt) / 10 + 0.85 + rng.uniform(-0.1, 0.1))),
    test_acc: e % v === 0 ? Math.min(1, Math.max(0, (e - grokAt) / 20 + 0.5 + rng.uniform(-0.2, 0.2))) : null,
    dw_cos: e % d === 0 ? rng.uniform(0, 1) : null,
    dv_cos: e % d === 0 ? rng.uniform(0, 1.2) : null,
  }))
}

describe('StageEvents', () => {
  it('fires at the offline II, III and every first crossing, on 500 random histories', () => {
    const rng = new Rng(42)
    for (let trial = 0; trial < 500; trial++) {
      const h = history(rng, 5 + Math.floor(rng.uniform(0, 120)))
      const ev = new StageEvents()
      const fired = new Set<number>()
      for (const r of h) {
        const may = ev.mayFire(r)
        const got = ev.observe(r)
        if (got.length) fired.add(r.epoch)
        // before the update only ΔW > ΔV is unknown; an event it alone fires falls on a diagnostics epoch
        if (got.length && !may) expect(got, JSON.stringify(r)).toEqual(['stage II (ΔW > ΔV)'])
        if (got.length && !may) expect(r.dw_cos).not.toBeNull()
      }
      const col = <K extends keyof EpochSignals>(k: K) => h.map((r) => r[k] as number | null)
      const st = annotateStages({ epoch: col('epoch') as number[], train_acc: col('train_acc'), test_acc: col('test_acc'), dw_cos: col('dw_cos'), dv_cos: col('dv_cos') })
      const want = [st.II, st.III, ...Object.values(firstEpochAtLeast(col('epoch') as number[], col('test_acc'), TEST_ACC_THRESHOLDS))]
      for (const e of want) if (e !== null) expect(fired.has(e), `trial ${trial}: epoch ${e} not fired (${[...fired]})`).toBe(true)
    }
  })

  it('a resumed run replays its history and does not fire the same crossing twice', () => {
    const h: EpochSignals[] = [{ epoch: 0, train_acc: 0.95, test_acc: 0.6 }, { epoch: 10, train_acc: 1, test_acc: 0.95 }]
    const ev = new StageEvents(h)
    expect(ev.observe({ epoch: 20, train_acc: 1, test_acc: 0.97 })).toEqual([])
    expect(ev.observe({ epoch: 30, train_acc: 1, test_acc: 0.995 })).toEqual(['test acc ≥ 0.99'])
  })
})

describe('nearestEpoch', () => {
  it('picks the closest stored epoch, the earlier on a tie, null when none', () => {
    expect(nearestEpoch([0, 100, 181, 600], 250)).toBe(181)
    expect(nearestEpoch([0, 100, 200], 150)).toBe(100)
    expect(nearestEpoch([0, 100, 200], 100)).toBe(100)
    expect(nearestEpoch([], 5)).toBeNull()
  })
})
