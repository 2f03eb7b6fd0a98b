// Isotypic projectors (idempotent, orthogonal, summing to I), Abelian spectra = DFT power, and per-node statistics on built nodes.
import { describe, expect, it } from 'vitest'
import '../../../src/core/groups/catalog'
import { characterTable } from '../../../src/core/groups/characters'
import { cyclicProduct } from '../../../src/core/groups/cyclic'
import { resolveGroup } from '../../../src/core/groups/index'
import { blockPower, featureSpectra, isotypicProjectors, spectralBasis } from '../../../src/core/groups/spectra'
import { Rng } from '../../../src/core/rng'

function matmul(A: Float64Array, B: Float64Array, n: number): Float64Array {
  const C = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) { const a = A[i * n + k]; if (a) for (let j = 0; j < n; j++) C[i * n + j] += a * B[k * n + j] }
  return C
}

function applyP(P: Float64Array, u: number[]): number[] {
  const n = u.length
  return Array.from({ length: n }, (_, i) => u.reduce((s, v, j) => s + P[i * n + j] * v, 0))
}

describe('isotypic projectors', () => {
  for (const spec of ['D7', 'Q8', 'SL(2,3)', 'A4', 'Z7:Z3', 'SmallGroup(24,3)', '12', '2x6']) {
    it(`are symmetric idempotents, mutually orthogonal, with trace = dim, summing to I for ${spec}`, () => {
      const g = resolveGroup(spec), n = g.order
      const Ps = isotypicProjectors(g)
      const { irreps } = spectralBasis(g)
      const sum = new Float64Array(n * n)
      Ps.forEach((P, a) => {
        let tr = 0
        for (let i = 0; i < n; i++) {
          tr += P[i * n + i]
          for (let j = 0; j < n; j++) expect(Math.abs(P[i * n + j] - P[j * n + i])).toBeLessThan(1e-12)
        }
        expect(tr).toBeCloseTo(irreps[a].dim, 9)
        const PP = matmul(P, P, n)
        for (let i = 0; i < n * n; i++) expect(Math.abs(PP[i] - P[i])).toBeLessThan(1e-10)
        Ps.forEach((Q, b) => {
          if (b <= a) return
          const PQ = matmul(P, Q, n)
          for (let i = 0; i < n * n; i++) expect(Math.abs(PQ[i])).toBeLessThan(1e-10)
        })
        for (let i = 0; i < n * n; i++) sum[i] += P[i]
      })
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(sum[i * n + j] - (i === j ? 1 : 0))).toBeLessThan(1e-10)
    })
  }
})

describe('Abelian spectra', () => {
  it('equal DFT power per frequency pair on Z_M: ‖P_k u‖² = (|û_k|² + |û_{−k}|²)/M', () => {
    const rng = new Rng(3)
    for (const M of [11, 12]) {
      const g = cyclicProduct([M])
      const K = 5
      const W = Float64Array.from({ length: M * K }, () => rng.uniform(-1, 1))
      const P = blockPower(g, W, 0, K)
      const { irreps } = spectralBasis(g)
      const ct = characterTable(g)
      for (let j = 0; j < K; j++) {
        const dft = (k: number): number => {
          let re = 0, im = 0
          for (let x = 0; x < M; x++) { re += W[x * K + j] * Math.cos((2 * Math.PI * k * x) / M); im -= W[x * K + j] * Math.sin((2 * Math.PI * k * x) / M) }
          return re * re + im * im
        }
        irreps.forEach((rho, a) => {
          // frequency of each member from its value at the generator 1: χ_k(1) = e^{2πik/M}
          const ks = rho.members.map((m) => {
            const c = ct.classOf[1]
            return Math.round((((Math.atan2(ct.irreps[m].im[c], ct.irreps[m].re[c]) / (2 * Math.PI)) * M) + M) % M)
          })
          const want = ks.reduce((s, k) => s + dft(k), 0) / M
          expect(P[a * K + j]).toBeCloseTo(want, 9)
        })
      }
    }
  })

  it('equal the 2-D DFT power on Z_4 × Z_7', () => {
    const g = cyclicProduct([4, 7])
    const rng = new Rng(5)
    const u = Float64Array.from({ length: 28 }, () => rng.uniform(-1, 1))
    const P = blockPower(g, u, 0, 1)
    const ct = characterTable(g)
    const { irreps } = spectralBasis(g)
    // element x = x0 + 4·x1; χ_(k0,k1)(x) = e^{2πi(k0 x0/4 + k1 x1/7)}; read (k0, k1) from χ at elements 1 and 4
    const freq = (m: number): [number, number] => {
      const at = (e: number, mod: number): number => {
        const c = ct.classOf[e]
        return Math.round((((Math.atan2(ct.irreps[m].im[c], ct.irreps[m].re[c]) / (2 * Math.PI)) * mod) + mod) % mod)
      }
      return [at(1, 4), at(4, 7)]
    }
    const dft = ([k0, k1]: [number, number]): number => {
      let re = 0, im = 0
      for (let x = 0; x < 28; x++) {
        const ph = (2 * Math.PI * (k0 * (x % 4))) / 4 + (2 * Math.PI * (k1 * Math.floor(x / 4))) / 7
        re += u[x] * Math.cos(ph); im -= u[x] * Math.sin(ph)
      }
      return re * re + im * im
    }
    let total = 0
    irreps.forEach((rho, a) => {
      expect(P[a]).toBeCloseTo(rho.members.reduce((s, m) => s + dft(freq(m)), 0) / 28, 9)
      total += P[a]
    })
    expect(total).toBeCloseTo(u.reduce((s, v) => s + v * v, 0), 9) // Parseval
  })
})

describe('featureSpectra', () => {
  it('finds the irrep of a pure node, splits a two-irrep node evenly and flags a spike node', () => {
    const g = resolveGroup('D7'), M = g.order, q = 2, K = 3
    const Ps = isotypicProjectors(g)
    const { irreps } = spectralBasis(g)
    const rng = new Rng(9)
    const rand = (): number[] => Array.from({ length: M }, () => rng.uniform(-1, 1))
    const unit = (v: number[]): number[] => { const s = Math.hypot(...v); return v.map((x) => x / s) }
    const a = irreps.findIndex((r) => r.degree === 2), b = irreps.findIndex((r, i) => r.degree === 2 && i > a)
    const Wt = new Float32Array(q * M * K), V = new Float32Array(M * K)
    const put = (blk: number, j: number, v: number[]): void => v.forEach((x, e) => { Wt[(blk * M + e) * K + j] = x })
    put(0, 0, unit(applyP(Ps[a], rand()))); put(1, 0, unit(applyP(Ps[a], rand()))) // node 0: pure in irrep a
    put(0, 1, unit(applyP(Ps[a], rand()))); put(1, 1, unit(applyP(Ps[b], rand()))) // node 1: half a, half b
    Wt[(0 * M + 3) * K + 2] = 1 // node 2: a single spike at element 3 of operand 0
    applyP(Ps[b], rand()).forEach((x, e) => { V[e * K + 0] = x })
    const s = featureSpectra(g, Wt, V, K, q, { includePower: true })
    expect(s.dominant[0]).toBe(a)
    expect(s.purity[0]).toBeCloseTo(1, 5)
    expect(s.participation[0]).toBeCloseTo(1, 5)
    expect(s.outputDominant[0]).toBe(b)
    expect(s.outputPurity[0]).toBeCloseTo(1, 5)
    expect(s.purity[1]).toBeCloseTo(0.5, 5)
    expect(s.participation[1]).toBeCloseTo(2, 5)
    expect(s.elementSpread[2]).toBeCloseTo(1 / (q * M), 9)
    expect(s.power![0].reduce((x, y) => x + y, 0)).toBeCloseTo(2, 5) // two unit blocks
    expect(s.summary.irrepsCovered).toEqual([a])
    expect(s.summary.pureNodesPerIrrep[a]).toBe(1)
    expect(s.summary.pureShare).toBeCloseTo(1 / 3, 9)
    expect(s.summary.nonTrivialIrreps).toBe(irreps.length - 1)
    expect(JSON.parse(JSON.stringify(s))).toEqual(s)
  })

  it('gives a cosine node on Z_M purity 1 in its frequency pair and element spread 2/3', () => {
    const M = 13, K = 1, q = 2, k = 4
    const g = cyclicProduct([M])
    const Wt = new Float32Array(q * M)
    for (let x = 0; x < M; x++) { Wt[x] = Math.cos((2 * Math.PI * k * x) / M + 0.3); Wt[M + x] = Math.cos((2 * Math.PI * k * x) / M - 1.1) }
    const s = featureSpectra(g, Wt, null, K, q)
    const ct = characterTable(g)
    const rho = spectralBasis(g).irreps[s.dominant[0]]
    expect(rho.members.some((m) => Math.abs(ct.irreps[m].re[ct.classOf[1]] - Math.cos((2 * Math.PI * k) / M)) < 1e-9)).toBe(true)
    expect(s.purity[0]).toBeCloseTo(1, 5)
    expect(s.elementSpread[0]).toBeCloseTo(2 / 3, 5)
  })
})
