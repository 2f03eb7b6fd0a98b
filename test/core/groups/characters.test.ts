// Character tables against GAP's degrees (whole catalog) and the orthogonality relations, Σd² = |G|, Frobenius–Schur indicators.
import { describe, expect, it } from 'vitest'
import '../../../src/core/groups/catalog'
import { characterTable, irrepDegrees, orthogonalityError, type CharacterTable } from '../../../src/core/groups/characters'
import { cyclicProduct } from '../../../src/core/groups/cyclic'
import type { FiniteGroup } from '../../../src/core/groups/group'
import { resolveGroup } from '../../../src/core/groups/index'
import { decodeSmallGroup, NAMED_REFERENCE, SMALL_GROUPS } from '../../../src/core/groups/smallGroups'

/** Largest deviation from Σ_χ χ(C_i) conj χ(C_j) = δ_ij |G|/|C_i|. */
function columnError(g: FiniteGroup, ct: CharacterTable): number {
  const r = ct.classes.length
  let worst = 0
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      let re = 0, im = 0
      for (const x of ct.irreps) {
        re += x.re[i] * x.re[j] + x.im[i] * x.im[j]
        im += x.im[i] * x.re[j] - x.re[i] * x.im[j]
      }
      const want = i === j ? g.order / ct.classSizes[i] : 0
      worst = Math.max(worst, Math.abs(re - want) / g.order, Math.abs(im) / g.order)
    }
  }
  return worst
}

describe('character tables', () => {
  it('give GAP\'s irrep degrees for every shipped SmallGroup', () => {
    expect(SMALL_GROUPS.length).toBeGreaterThan(1000)
    const wrong: string[] = []
    for (const rec of SMALL_GROUPS) {
      const g = decodeSmallGroup(rec)
      expect(g.order).toBe(rec.order)
      if (JSON.stringify(irrepDegrees(g)) !== JSON.stringify(rec.irrepDegrees)) wrong.push(g.name)
    }
    expect(wrong).toEqual([])
  })

  it('give GAP\'s orders and degrees for the named groups built in TypeScript', () => {
    for (const ref of NAMED_REFERENCE) {
      const g = resolveGroup(ref.name)
      expect(g.order, ref.name).toBe(ref.order)
      expect(irrepDegrees(g), ref.name).toEqual(ref.irrepDegrees)
    }
  })

  const samples = [
    'S3', 'S4', 'S5', 'A4', 'A5', 'SL(2,3)', 'Q8', 'Dic3', 'D7', 'Z7:Z3', 'Z11:Z5',
    'SmallGroup(24,3)', 'SmallGroup(64,3)', 'SmallGroup(96,6)', 'SmallGroup(128,5)',
  ].map(resolveGroup).concat([cyclicProduct([150]), cyclicProduct([4, 7]), cyclicProduct([12, 12]), cyclicProduct([2, 2, 2, 2, 2, 2, 2])])

  it('satisfy row and column orthogonality, #irreps = #classes and Σ d² = |G|', () => {
    for (const g of samples) {
      const ct = characterTable(g)
      expect(ct.irreps.length, g.name).toBe(ct.classes.length)
      expect(ct.irreps.reduce((s, x) => s + x.degree ** 2, 0), g.name).toBe(g.order)
      expect(ct.classSizes.reduce((a, b) => a + b, 0), g.name).toBe(g.order)
      expect(orthogonalityError(g.order, ct), g.name).toBeLessThan(1e-9)
      expect(columnError(g, ct), g.name).toBeLessThan(1e-9)
      const triv = ct.irreps[0]
      expect(triv.degree).toBe(1)
      for (let i = 0; i < ct.classes.length; i++) expect(triv.re[i]).toBeCloseTo(1, 9)
      for (const x of ct.irreps) expect(x.re[0]).toBeCloseTo(x.degree, 9) // class 0 is the identity's
    }
  })

  it('work for every cyclic group Z_2 … Z_150 (M linear characters, orthonormal)', () => {
    for (let M = 2; M <= 150; M++) {
      const g = cyclicProduct([M])
      const ct = characterTable(g)
      expect(ct.irreps.length, `Z${M}`).toBe(M)
      expect(ct.irreps.every((x) => x.degree === 1), `Z${M}`).toBe(true)
      expect(orthogonalityError(M, ct), `Z${M}`).toBeLessThan(1e-9)
    }
  })

  it('put each element in exactly one class and cache per group object', () => {
    const g = resolveGroup('S4')
    const ct = characterTable(g)
    expect(characterTable(g)).toBe(ct)
    // S4 has 5 classes of sizes 1, 3, 6, 6, 8 (cycle types e, (2,2), (2), (4), (3))
    expect([...ct.classSizes].sort((a, b) => a - b)).toEqual([1, 3, 6, 6, 8])
    ct.classes.forEach((c, i) => c.forEach((x) => expect(ct.classOf[x]).toBe(i)))
  })

  it('give the Frobenius–Schur indicators known for Q8, D_n, Z_M and SL(2,3)', () => {
    // Q8: four real linear characters and one quaternionic 2-dim irrep
    const q8 = characterTable(resolveGroup('Q8')).irreps
    expect(q8.filter((x) => x.indicator === -1).map((x) => x.degree)).toEqual([2])
    expect(q8.filter((x) => x.indicator === 1).length).toBe(4)
    // dihedral groups: every irrep is realisable over ℝ
    for (let n = 3; n <= 16; n++) expect(characterTable(resolveGroup(`D${n}`)).irreps.every((x) => x.indicator === 1), `D${n}`).toBe(true)
    // Z_M: χ_k is real iff 2k ≡ 0 mod M, else indicator 0
    for (const M of [7, 12, 150]) {
      const ind = characterTable(cyclicProduct([M])).irreps.map((x) => x.indicator)
      expect(ind.filter((v) => v === 1).length, `Z${M}`).toBe(M % 2 === 0 ? 2 : 1)
      expect(ind.filter((v) => v === 0).length, `Z${M}`).toBe(M % 2 === 0 ? M - 2 : M - 1)
    }
    // SL(2,3): the natural 2-dim representation is quaternionic; the other two 2-dim irreps are complex
    const sl = characterTable(resolveGroup('SL(2,3)')).irreps
    expect(sl.filter((x) => x.degree === 2).map((x) => x.indicator).sort()).toEqual([-1, 0, 0])
    // conjugate pairs are mutual and only complex irreps have a different conjugate
    for (const x of sl) expect(sl[x.conjugate].conjugate).toBe(sl.indexOf(x))
    for (const x of sl) expect(x.conjugate !== sl.indexOf(x)).toBe(x.indicator === 0)
  })

  it('order Z_M characters by frequency: χ_k(1) = e^{2πik/M}', () => {
    const M = 9
    const ct = characterTable(cyclicProduct([M]))
    ct.irreps.forEach((x, k) => {
      const c = ct.classOf[1]
      expect(x.re[c]).toBeCloseTo(Math.cos((2 * Math.PI * k) / M), 9)
      expect(x.im[c]).toBeCloseTo(Math.sin((2 * Math.PI * k) / M), 9)
    })
  })
})
