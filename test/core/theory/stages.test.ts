// Theorem 3 construction, Lemma 1 / Prop. 1 (lazy stage) and Theorem 6 (interaction) — li2-theory.md §2, §5, §6, §10.
import { inverse, Matrix } from 'ml-matrix'
import { describe, expect, it } from 'vitest'
import { Rng } from '../../../src/core/rng'
import { phaseConstruction, randomPhaseConstruction, reconstruct } from '../../../src/core/theory/construction'
import { projectedInner, signRule } from '../../../src/core/theory/interaction'
import { lazyStage, lazyStageReport } from '../../../src/core/theory/lazyStage'
import type { Mat } from '../../../src/core/theory/matrix'
import { centreRows, frobenius } from '../../../src/core/theory/matrix'
import { directB, woodburyB } from '../../../src/core/theory/ridgeB'

const ml = (a: Mat): Matrix => Matrix.from1DArray(a.rows, a.cols, Array.from(a.data))
const maxAbsDiff = (a: Matrix, b: Mat): number => Math.max(...a.to1DArray().map((x, i) => Math.abs(x - b.data[i])))

// hidden features of K random σ = x² nodes on the Z_M table restricted to the first n pairs, and their one-hot labels
function randomFeatures(M: number, K: number, n: number, seed: number): { F: Mat; Y: Mat } {
  const rng = new Rng(seed)
  const W = Array.from({ length: K }, () => Float64Array.from({ length: 2 * M }, () => rng.normal()))
  const pairs = rng.permutation(M * M).slice(0, n)
  const F = { rows: n, cols: K, data: new Float64Array(n * K) }
  const Y = { rows: n, cols: M, data: new Float64Array(n * M) }
  pairs.forEach((s, i) => {
    const a = Math.floor(s / M), b = s % M
    for (let k = 0; k < K; k++) F.data[i * K + k] = (W[k][a] + W[k][M + b]) ** 2
    Y.data[i * M + ((a + b) % M)] = 1
  })
  return { F, Y }
}

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
