// Theorem 3: the phase-coordinated construction reconstructs Ỹ exactly (li2-theory.md §5).
import { describe, expect, it } from 'vitest'
import { Rng } from '../../../src/core/rng'
import { phaseConstruction, randomPhaseConstruction, reconstruct } from '../../../src/core/theory/construction'

describe('Theorem 3: target reconstruction', () => {
  it('2(M−1) phase-coordinated nodes reconstruct Ỹ exactly (M = 11)', () => {
    const nodes = phaseConstruction(11)
    expect(nodes.length).toBe(2 * (11 - 1))
    expect(reconstruct(11, nodes).residual).toBeLessThan(1e-10)
  })

  it('random phases with the same node count leave a large residual (≈ 50%)', () => {
    const r = reconstruct(11, randomPhaseConstruction(11, new Rng(4))).residual
    expect(r).toBeGreaterThan(0.25)
    expect(r).toBeLessThan(0.75)
  })
})
