// Lemma 1 / Prop. 1: the lazy stage's ridge fixed point and the G_F it leaves (li2-theory.md §2, §6).
import { inverse, Matrix } from 'ml-matrix'
import { describe, expect, it } from 'vitest'
import { lazyStage, lazyStageReport } from '../../../src/core/theory/lazyStage'
import { centreRows, frobenius } from '../../../src/core/theory/matrix'
import { ml, maxAbsDiff, randomFeatures } from './helpers'

describe('Lemma 1 and Prop. 1: the lazy stage', () => {
  it('G_F* = (Ỹ − F̃V_ridge)V_ridgeᵀ equals η(F̃F̃ᵀ+ηI)⁻¹ỸỸᵀF̃(F̃ᵀF̃+ηI)⁻¹', () => {
    for (const [K, n] of [[12, 60], [50, 40]]) {
      const { F, Y } = randomFeatures(7, K, n, K)
      const eta = 0.05
      const { G_F } = lazyStage(F, Y, eta)
      const Ft = ml(centreRows(F)), Yt = ml(centreRows(Y))
      const B = inverse(Ft.transpose().mmul(Ft).add(Matrix.eye(K).mul(eta)))
      const P = inverse(Ft.mmul(Ft.transpose()).add(Matrix.eye(n).mul(eta))).mul(eta)
      const rhs = P.mmul(Yt).mmul(Yt.transpose()).mmul(Ft).mmul(B)
      expect(maxAbsDiff(rhs, G_F) / rhs.norm()).toBeLessThan(1e-10)
      expect(lazyStageReport(F, Y, eta).lemma1Error!).toBeLessThan(1e-10)
    }
  })

  it('η = 0 with an interpolating hidden layer (K ≥ n) leaves G_F ≈ 0', () => {
    const { F, Y } = randomFeatures(7, 60, 40, 9)
    const { G_F, Yt, Ft } = lazyStage(F, Y, 0)
    const scale = frobenius(Yt) ** 2 * frobenius(Ft) // size of ỸỸᵀF̃
    expect(frobenius(G_F) / scale).toBeLessThan(1e-10)
    expect(lazyStageReport(F, Y, 0).residualShare).toBeLessThan(1e-8)
  })
})
