// Theorem 6: the sign rule that makes similar nodes repel (li2-theory.md §10).
import { inverse, Matrix } from 'ml-matrix'
import { describe, expect, it } from 'vitest'
import { Rng } from '../../../src/core/rng'
import { projectedInner, signRule } from '../../../src/core/theory/interaction'
import { centreRows } from '../../../src/core/theory/matrix'
import { directB, woodburyB } from '../../../src/core/theory/ridgeB'
import { ml, maxAbsDiff, randomFeatures } from './helpers'

describe('Theorem 6: interaction', () => {
  it('Woodbury B equals the direct inverse (K > n)', () => {
    const { F } = randomFeatures(7, 30, 20, 5)
    const Ft = centreRows(F)
    const d = directB(Ft, 0.3), w = woodburyB(Ft, 0.3)
    const direct = inverse(ml(Ft).transpose().mmul(ml(Ft)).add(Matrix.eye(30).mul(0.3)))
    expect(maxAbsDiff(direct, w) / direct.norm()).toBeLessThan(1e-10)
    expect(maxAbsDiff(direct, d) / direct.norm()).toBeLessThan(1e-10)
  })

  it('sign(b_jl) = −sign(f̃_jᵀP_{η,−jl}f̃_l): similar nodes repel, opposite ones attract', () => {
    const rng = new Rng(8)
    const n = 40, K = 8
    const F = { rows: n, cols: K, data: new Float64Array(n * K) }
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < K; k++) F.data[i * K + k] = rng.normal()
      F.data[i * K + 1] = F.data[i * K + 0] + 0.1 * rng.normal() // node 1 ≈ node 0
      F.data[i * K + 3] = -F.data[i * K + 2] + 0.1 * rng.normal() // node 3 ≈ −node 2
    }
    const Ft = centreRows(F)
    const pairs = signRule(Ft, 0.1, 2, directB(Ft, 0.1), 'direct')
    const by = (j: number): (typeof pairs)[number] => pairs.find((p) => p.j === j)!
    expect(by(0).l).toBe(1)
    expect(by(0).b_jl).toBeLessThan(0)
    expect(by(0).projectedInner).toBeGreaterThan(0)
    expect(by(2).b_jl).toBeGreaterThan(0)
    expect(by(2).projectedInner).toBeLessThan(0)
    for (const p of pairs) expect(p.holds).toBe(true)
    // the block-inverse downdate gives the same projected inner product as removing the columns
    const B = directB(Ft, 0.1)
    expect(projectedInner(Ft, B, 0.1, 0, 1, 'downdate')).toBeCloseTo(projectedInner(Ft, B, 0.1, 0, 1, 'direct'), 8)
  })
})
