// Data scaling (Thm 4/5), residual landscape E_S (top-down modulation), weight decay and slices — li2-theory.md §3, §5, §6.
import { describe, expect, it } from 'vitest'
import { cyclicProduct } from '../../../src/core/groups/cyclic'
import { Rng } from '../../../src/core/rng'
import { groupTask } from '../../../src/core/task'
import { randomUnit, sphereAscent, weightDecayAscent } from '../../../src/core/theory/ascent'
import { maximaCensus } from '../../../src/core/theory/census'
import { cosineNode, phaseConstruction } from '../../../src/core/theory/construction'
import { energy } from '../../../src/core/theory/energy'
import { residualLandscape } from '../../../src/core/theory/interaction'
import { energyProblem, hiddenFeatures } from '../../../src/core/theory/problem'
import { dataScaling, predictedCriticalFraction } from '../../../src/core/theory/scaling'
import { landscapeSlice } from '../../../src/core/theory/slices'

describe('data scaling', () => {
  it('p_c(M) = 2.7482·ln M / M gives the reference values', () => {
    expect(predictedCriticalFraction(71)).toBeCloseTo(0.165, 3)
    expect(predictedCriticalFraction(127)).toBeCloseTo(0.105, 3)
    expect(predictedCriticalFraction(23)).toBeCloseTo(0.375, 3)
  })

  it('features on the full table; focused memorization (participation ratio ≈ 1–2) far below p_c', () => {
    const r = dataScaling(groupTask(cyclicProduct([23]), 2), { fractions: [1, 0.1], restarts: 6, seed: 3 })
    const [full, scarce] = r.points
    expect(full.featureShare).toBe(1)
    expect(full.stayedShare).toBe(1)
    expect(scarce.memorizationShare).toBe(1)
    expect(scarce.stayedShare).toBe(0)
    expect(scarce.meanParticipationRatio).toBeLessThan(2.5)
  })
})

describe('residual landscape E_S', () => {
  it('after frequencies S = {1, 2, 3} of Z_11 are fitted, only the missing ones remain maxima, at E = M/4', () => {
    const M = 11
    const p = energyProblem(groupTask(cyclicProduct([M]), 2), 'sqr')
    const F = hiddenFeatures(p, phaseConstruction(M, [1, 2, 3]), (x) => x * x)
    const pS = residualLandscape(p, F, 1e-9)
    const c = maximaCensus(pS, { restarts: 10, seed: 5 })
    for (const m of c.maxima) {
      expect(['k=4', 'k=5']).toContain(m.irrep)
      expect(m.E).toBeCloseTo(M / 4, 6)
    }
    // a learned frequency is now flat: its normalised cosine node has E_S ≈ 0
    const w1 = cosineNode(M, 1, 0, 0)
    const s = 1 / Math.sqrt(w1.reduce((a, x) => a + x * x, 0))
    expect(energy(pS, w1.map((x) => x * s))).toBeLessThan(1e-9)
  })
})

describe('weight decay', () => {
  it('σ = x²: E − (λ/2)‖w‖² collapses below r² = λ/(4E*) and diverges above (E is 4-homogeneous)', () => {
    const M = 11
    const p = energyProblem(groupTask(cyclicProduct([M]), 2), 'sqr')
    const wStar = sphereAscent(p, randomUnit(2 * M, new Rng(1))).w
    const lambda = 1, r0 = Math.sqrt(lambda / (4 * (M / 4)))
    expect(weightDecayAscent(p, wStar.map((x) => 0.9 * r0 * x), lambda).status).toBe('collapsed')
    expect(weightDecayAscent(p, wStar.map((x) => 1.1 * r0 * x), lambda, { normCap: 100 }).status).toBe('diverged')
  })
})

describe('landscape slice', () => {
  it('a maximum is the top of its slice on the sphere, and the grid has the requested shape', () => {
    const M = 11
    const p = energyProblem(groupTask(cyclicProduct([M]), 2), 'sqr')
    const wStar = sphereAscent(p, randomUnit(2 * M, new Rng(2))).w
    const s = landscapeSlice(p, wStar, { span: 0.5, steps: 11, sphere: true, seed: 4 })
    expect(s.E.length).toBe(11)
    expect(s.E[0].length).toBe(11)
    expect(s.E[5][5]).toBeCloseTo(M / 4, 9)
    for (const row of s.E) for (const e of row) expect(e).toBeLessThanOrEqual(M / 4 + 1e-9)
  })
})
