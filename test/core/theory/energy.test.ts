// Energy E(w), its gradient and the Fourier form (li2-theory.md §3, §4, §10).
import { describe, expect, it } from 'vitest'
import { cyclicProduct } from '../../../src/core/groups/cyclic'
import { Rng } from '../../../src/core/rng'
import { groupTask } from '../../../src/core/task'
import { ENERGY_ACTIVATIONS } from '../../../src/core/theory/activation'
import { energy, energyGrad, fourierEnergyZM } from '../../../src/core/theory/energy'
import { energyProblem, withTarget } from '../../../src/core/theory/problem'

function gaussian(n: number, rng: Rng, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => scale * rng.normal())
}

// E straight from the definition: dense Ỹ (n×M), s = σ(Xw), ½‖Ỹᵀs‖²
function energyByDefinition(M: number, pairs: [number, number, number][], w: Float64Array, sigma: (x: number) => number): number {
  const n = pairs.length
  const Y = pairs.map(([, , y]) => Array.from({ length: M }, (_, c) => (c === y ? 1 : 0)))
  const mean = Array.from({ length: M }, (_, c) => Y.reduce((a, r) => a + r[c], 0) / n)
  const s = pairs.map(([a, b]) => sigma(w[a] + w[M + b]))
  let e = 0
  for (let c = 0; c < M; c++) {
    let z = 0
    for (let i = 0; i < n; i++) z += (Y[i][c] - mean[c]) * s[i]
    e += z * z
  }
  return 0.5 * e
}

describe('energy', () => {
  const task = groupTask(cyclicProduct([7]), 2)

  it('matches the definition ½‖Ỹᵀσ(Xw)‖² on a subset of pairs', () => {
    const rng = new Rng(3)
    const samples = rng.permutation(49).slice(0, 30)
    const p = energyProblem(task, 'sqr', samples)
    const w = gaussian(14, rng)
    const pairs = Array.from(samples, (s) => [task.operands[2 * s], task.operands[2 * s + 1], task.labels[s]] as [number, number, number])
    expect(energy(p, w)).toBeCloseTo(energyByDefinition(7, pairs, w, (x) => x * x), 10)
  })

  for (const act of ENERGY_ACTIVATIONS) {
    it(`∇E matches central finite differences (${act})`, () => {
      const rng = new Rng(11)
      const p = energyProblem(groupTask(cyclicProduct([11]), 2), act, rng.permutation(121).slice(0, 80))
      const w = gaussian(22, rng, 0.7)
      const g = new Float64Array(22)
      energyGrad(p, w, g)
      const fd = new Float64Array(22)
      const h = 1e-5
      for (let i = 0; i < 22; i++) {
        const wp = Float64Array.from(w), wm = Float64Array.from(w)
        wp[i] += h; wm[i] -= h
        fd[i] = (energy(p, wp) - energy(p, wm)) / (2 * h)
      }
      let num = 0, den = 0
      for (let i = 0; i < 22; i++) { num += (g[i] - fd[i]) ** 2; den += g[i] ** 2 }
      expect(Math.sqrt(num / den)).toBeLessThan(1e-6)
    })
  }

  it('dense-target gradient matches finite differences', () => {
    const rng = new Rng(5)
    const base = energyProblem(task, 'silu')
    const T = { rows: 49, cols: 3, data: gaussian(147, rng) }
    const p = withTarget(base, T)
    const w = gaussian(14, rng)
    const g = new Float64Array(14)
    energyGrad(p, w, g)
    for (let i = 0; i < 14; i++) {
      const wp = Float64Array.from(w), wm = Float64Array.from(w)
      wp[i] += 1e-5; wm[i] -= 1e-5
      expect(g[i]).toBeCloseTo((energy(p, wp) - energy(p, wm)) / 2e-5, 5)
    }
  })

  it('Fourier form (2/M)Σ_{k≠0}|û_k|²|v̂_k|² equals the direct form (σ = x², all pairs)', () => {
    for (const M of [5, 11, 12]) {
      const p = energyProblem(groupTask(cyclicProduct([M]), 2), 'sqr')
      const rng = new Rng(M)
      const w = gaussian(2 * M, rng)
      const direct = energy(p, w)
      const fourier = fourierEnergyZM(w.subarray(0, M), w.subarray(M))
      expect(Math.abs(direct - fourier) / direct).toBeLessThan(1e-10)
    }
  })
})
