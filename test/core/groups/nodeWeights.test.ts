// One node's weights read off a checkpoint: a pure cosine on Z_M lands on its frequency (irrep spectrum and DFT agree),
// the power matches featureSpectra's table for the same column, a non-cyclic group has no DFT, and a bad node is refused.
import { describe, expect, it } from 'vitest'
import { resolveGroup } from '../../../src/core/groups'
import { dftMagnitude, isCyclicByIndex, nodeWeights } from '../../../src/core/groups/nodeWeights'
import { featureSpectra } from '../../../src/core/groups/spectra'

/** Wt [q·M, K] and V [M, K] with node j a cosine at frequency freqs[j] (phases differ per block). */
function cosineNodes(M: number, q: number, freqs: number[]): { Wt: Float64Array; V: Float64Array } {
  const K = freqs.length, Wt = new Float64Array(q * M * K), V = new Float64Array(M * K)
  freqs.forEach((k, j) => {
    for (let b = 0; b < q; b++) for (let x = 0; x < M; x++) Wt[(b * M + x) * K + j] = Math.cos((2 * Math.PI * k * x) / M + b + j)
    for (let y = 0; y < M; y++) V[y * K + j] = Math.sin((2 * Math.PI * k * y) / M)
  })
  return { Wt, V }
}

describe('nodeWeights', () => {
  it('a cosine at frequency k on Z_13 is pure in k=k, with its DFT peak at k', () => {
    const g = resolveGroup('13'), M = 13, q = 2, freqs = [3, 5, 1]
    const { Wt, V } = cosineNodes(M, q, freqs)
    const n = nodeWeights(g, M, Wt, V, freqs.length, q, 1)
    expect(n.inputs).toHaveLength(2)
    expect(n.inputs[0]).toHaveLength(13)
    expect(n.inputs[1][4]).toBeCloseTo(Math.cos((2 * Math.PI * 5 * 4) / M + 1 + 1), 12)
    expect(n.spectrum[n.dominant].label).toBe('k=5')
    expect(n.purity).toBeGreaterThan(0.999999)
    const peak = (xs: number[]) => xs.indexOf(Math.max(...xs))
    expect(n.dft!.inputs.map(peak)).toEqual([5, 5])
    expect(peak(n.dft!.output)).toBe(5)
    expect(n.dft!.inputs[0][5]).toBeCloseTo(M / 2, 9) // |Σ cos(2πkx/M + φ) e^{−2πikx/M}| = M/2
  })
  it('matches featureSpectra\'s power table column for column (D7)', () => {
    const g = resolveGroup('D7'), M = g.order, q = 2, K = 5
    const Wt = Float64Array.from({ length: q * M * K }, (_, i) => Math.sin(i * 1.7) + 0.3 * Math.cos(i * 0.37))
    const V = Float64Array.from({ length: M * K }, (_, i) => Math.cos(i * 0.91))
    const s = featureSpectra(g, Wt, V, K, q, { includePower: true })
    expect(isCyclicByIndex(g)).toBe(false)
    for (let j = 0; j < K; j++) {
      const n = nodeWeights(g, M, Wt, V, K, q, j)
      n.spectrum.forEach((r, k) => expect(r.power).toBeCloseTo(Math.max(0, s.power![j][k]), 9))
      expect(n.dominant).toBe(s.dominant[j])
      expect(n.purity).toBeCloseTo(s.purity[j], 9)
      expect(n.dft).toBeNull()
    }
  })
  it('refuses a node outside 0..K−1', () => {
    const { Wt, V } = cosineNodes(7, 2, [1, 2])
    expect(() => nodeWeights(resolveGroup('7'), 7, Wt, V, 2, 2, 2)).toThrow('node must be an integer in 0..1 (got 2)')
  })
  it('dftMagnitude of a constant is M at frequency 0 and 0 elsewhere', () => {
    const d = dftMagnitude(new Array(8).fill(1))
    expect(d).toHaveLength(5)
    expect(d[0]).toBeCloseTo(8, 12)
    for (const x of d.slice(1)) expect(x).toBeCloseTo(0, 12)
  })
})
