// Group names resolve to the right groups (orders and GAP data), the catalog listing matches the counts of li2-theory.md §8.
import { describe, expect, it } from 'vitest'
import { listCatalog } from '../../../src/core/groups/catalog'
import { characterTable } from '../../../src/core/groups/characters'
import { checkGroupAxioms } from '../../../src/core/groups/cayleyParse'
import type { FiniteGroup } from '../../../src/core/groups/group'
import { resolveGroup } from '../../../src/core/groups/index'
import { semidirectMultiplier } from '../../../src/core/groups/named'
import { ValidationError } from '../../../src/core/errors'

/** Sorted list of element orders: an isomorphism invariant. */
function elementOrders(g: FiniteGroup): number[] {
  const out: number[] = []
  for (let x = 0; x < g.order; x++) {
    let y = x, k = 1
    while (y !== g.identity) { y = g.table[y * g.order + x]; k++ }
    out.push(k)
  }
  return out.sort((a, b) => a - b)
}

describe('group names', () => {
  it('resolve the named families with the right orders, case-insensitively', () => {
    const cases: Array<[string, number]> = [
      ['D7', 14], ['d7', 14], ['Q8', 8], ['q8', 8], ['Dic2', 8], ['Dic3', 12], ['dic3', 12], ['S3', 6], ['S4', 24], ['s5', 120],
      ['A4', 12], ['A5', 60], ['a5', 60], ['SL(2,3)', 24], ['sl(2, 3)', 24], ['Z7:Z3', 21], ['z7:z3', 21], ['C7:C3', 21], ['Z13:Z3', 39],
      ['SmallGroup(24,3)', 24], ['smallgroup( 24 , 3 )', 24], ['71', 71], ['4x7', 28],
    ]
    for (const [spec, order] of cases) {
      const g = resolveGroup(spec)
      expect(g.order, spec).toBe(order)
      checkGroupAxioms(g.table, g.order)
      expect(g.abelian, spec).toBe(spec === '71' || spec === '4x7')
    }
    expect(resolveGroup('D7')).toBe(resolveGroup(' d7 ')) // cached: one object, so one character table
    expect(resolveGroup('SmallGroup(24,3)').description).toBe('SL(2,3)') // GAP: SmallGroup(24,3) ≅ SL(2,3)
  })

  it('give groups with the invariants of the standard presentations', () => {
    // D_n: n+1 elements of order 2 when n is odd (n reflections and no rotation of order 2)
    expect(elementOrders(resolveGroup('D7')).filter((o) => o === 2).length).toBe(7)
    // Q8: a unique involution and six elements of order 4
    expect(elementOrders(resolveGroup('Q8'))).toEqual([1, 2, 4, 4, 4, 4, 4, 4])
    // Dic_n has a unique involution
    expect(elementOrders(resolveGroup('Dic5')).filter((o) => o === 2).length).toBe(1)
    // A5: 1 + 15 involutions + 20 of order 3 + 24 of order 5
    const a5 = elementOrders(resolveGroup('A5'))
    expect([1, 2, 3, 5].map((o) => a5.filter((x) => x === o).length)).toEqual([1, 15, 20, 24])
    // SL(2,3) and SmallGroup(24,3) (GAP's id for SL(2,3)) share element orders and class sizes
    expect(elementOrders(resolveGroup('SL(2,3)'))).toEqual(elementOrders(resolveGroup('SmallGroup(24,3)')))
    expect([...characterTable(resolveGroup('SL(2,3)')).classSizes].sort()).toEqual([...characterTable(resolveGroup('SmallGroup(24,3)')).classSizes].sort())
    // Z7:Z3 uses r = 2 (2³ = 8 ≡ 1 mod 7)
    expect(semidirectMultiplier(7, 3)).toBe(2)
  })

  it('reject unknown or impossible names with a ValidationError on the group field', () => {
    for (const spec of ['X9', 'Z7:Z4', 'D2', 'Q10', 'S9', 'SmallGroup(24,12345)', 'SmallGroup(8,1)']) {
      expect(() => resolveGroup(spec), spec).toThrow(ValidationError)
      try { resolveGroup(spec) } catch (e) { expect((e as ValidationError).field).toBe('group') }
    }
  })
})

describe('listCatalog', () => {
  it('holds the 984 non-Abelian groups of order ≤ 128 with d_max = 2 that GAP lists (li2-theory.md §8)', () => {
    const sg = (f: Parameters<typeof listCatalog>[0]) => listCatalog(f).filter((e) => e.name.startsWith('SmallGroup'))
    expect(sg({ maxDegree: 2 }).length).toBe(984)
    expect(sg({ maxDegree: 2, order: 128 }).length).toBe(402)
    expect(sg({ maxDegree: 2, order: 96 }).length).toBe(96)
    expect(sg({ maxDegree: 2, order: 64 }).length).toBe(127)
    expect(sg({ maxDegree: 2 }).filter((e) => e.order <= 64).length).toBe(282)
    // the first ones in (order, id) order, as listed there
    expect(sg({ maxDegree: 2 }).slice(0, 5).map((e) => `${e.smallgroupId!.join(',')}=${e.description}`))
      .toEqual(['6,1=S3', '8,3=D8', '8,4=Q8', '10,1=D10', '12,1=C3 : C4'])
  })

  it('filters by order and degree, and lists the named groups with GAP ids', () => {
    const s4 = listCatalog({ order: 24 }).find((e) => e.name === 'S4')!
    expect(s4.smallgroupId).toEqual([24, 12])
    expect(listCatalog({ maxDegree: 3 }).every((e) => Math.max(...e.irrepDegrees!) === 3)).toBe(true)
    expect(listCatalog({ order: 21 }).map((e) => e.name)).toContain('Z7:Z3')
    expect(listCatalog({ abelian: true })).toEqual([])
    for (const e of listCatalog({ order: 12 })) expect(resolveGroup(e.name).order).toBe(12)
  })
})
