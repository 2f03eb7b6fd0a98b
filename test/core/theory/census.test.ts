// Local maxima of E for group inputs (Thm 2, Cor. 2; li2-theory.md §4, §10): single irreps with E* = M/4.
import { describe, expect, it } from 'vitest'
import { cyclicProduct } from '../../../src/core/groups/cyclic'
import { fromTable } from '../../../src/core/groups/group'
import type { FiniteGroup } from '../../../src/core/groups/group'
import { groupTask } from '../../../src/core/task'
import { maximaCensus } from '../../../src/core/theory/census'
import { energyProblem } from '../../../src/core/theory/problem'
import { irrepSpectrum } from '../../../src/core/theory/irrepSpectrum'

// D_7, order 14: r^i s^f as index i + 7f; (r^a s^f)(r^b s^g) = r^(a + (−1)^f b) s^(f+g)
function dihedral7(): FiniteGroup {
  const n = 7, M = 14
  const table = new Int32Array(M * M)
  for (let x = 0; x < M; x++) {
    for (let y = 0; y < M; y++) {
      const a = x % n, f = Math.floor(x / n), b = y % n, g = Math.floor(y / n)
      const r = (((a + (f ? -b : b)) % n) + n) % n
      table[x * M + y] = r + n * ((f + g) % 2)
    }
  }
  return fromTable('D7', M, table)
}

describe('maxima census', () => {
  it('Z_11, σ = x²: every restart reaches a single frequency with E = M/4', () => {
    const M = 11
    const p = energyProblem(groupTask(cyclicProduct([M]), 2), 'sqr')
    const c = maximaCensus(p, { restarts: 12, seed: 1 })
    expect(c.featureShare).toBe(1)
    for (const m of c.maxima) {
      expect(m.kind).toBe('feature')
      expect(Math.abs(m.E - M / 4)).toBeLessThan(1e-6)
      expect(m.EStar).toBe(M / 4)
      expect(m.purity).toBeGreaterThan(1 - 1e-6)
      expect(m.irrep).toMatch(/^k=[1-5]$/)
    }
    expect(c.maxima.reduce((a, m) => a + m.count, 0)).toBe(12)
    // 5 frequency classes, so at most 5 distinct maxima after merging
    expect(c.maxima.length).toBeLessThanOrEqual(5)
  })

  it('D_7, σ = x²: every maximum is one irrep at its E*; the 2-dim irreps (E = M/4) hold most basins', () => {
    const g = dihedral7()
    const M = g.order
    const spec = irrepSpectrum(g)
    expect(spec.classes.map((c) => c.degree).sort()).toEqual([1, 1, 2, 2, 2])
    const p = energyProblem(groupTask(g, 2), 'sqr')
    const c = maximaCensus(p, { restarts: 20, seed: 2 })
    expect(c.maxima.some((m) => m.irrep !== null && m.degree === 2)).toBe(true)
    for (const m of c.maxima) {
      expect(m.kind).toBe('feature')
      expect(m.purity).toBeGreaterThan(1 - 1e-6)
      // real irreps: E* = M/(2d): M/4 for the 2-dim ones, M/2 for the sign irrep
      expect(Math.abs(m.E - M / (2 * (m.degree ?? 0)))).toBeLessThan(1e-6)
    }
    const twoDim = c.maxima.filter((m) => m.degree === 2)
    expect(twoDim.length).toBeGreaterThan(0)
    for (const m of twoDim) expect(Math.abs(m.E - M / 4)).toBeLessThan(1e-6)
    expect(twoDim.reduce((a, m) => a + m.count, 0)).toBeGreaterThan(c.restarts / 2)
  })
})
