// parseCayleyTable: accepted formats, and each broken axiom named with a witness that really breaks it.
import { describe, expect, it } from 'vitest'
import { parseCayleyTable } from '../../../src/core/groups/cayleyParse'
import { ValidationError } from '../../../src/core/errors'

const z3 = [[0, 1, 2], [1, 2, 0], [2, 0, 1]]

function rule(f: () => unknown): string {
  try { f() } catch (e) {
    expect(e).toBeInstanceOf(ValidationError)
    expect((e as ValidationError).field).toBe('table')
    return (e as ValidationError).rule
  }
  throw new Error('expected a ValidationError')
}

describe('parseCayleyTable', () => {
  it('reads JSON rows, JSON objects with index_base 1, and CSV', () => {
    const a = parseCayleyTable(JSON.stringify(z3), 'json', 'Z3')
    expect(a.order).toBe(3)
    expect(a.identity).toBe(0)
    expect(a.abelian).toBe(true)
    expect(a.name).toBe('Z3')
    const b = parseCayleyTable(JSON.stringify({ table: z3.map((r) => r.map((x) => x + 1)), index_base: 1 }), 'json')
    expect([...b.table]).toEqual(z3.flat())
    const c = parseCayleyTable('0,1,2\n1,2,0\n2,0,1\n', 'csv')
    expect([...c.table]).toEqual(z3.flat())
    // S3 as permutations composed left to right: not Abelian
    const s3 = [[0, 1, 2, 3, 4, 5], [1, 0, 4, 5, 2, 3], [2, 5, 0, 4, 3, 1], [3, 4, 5, 0, 1, 2], [4, 3, 1, 2, 5, 0], [5, 2, 3, 1, 0, 4]]
    const d = parseCayleyTable(JSON.stringify(s3), 'json')
    expect(d.abelian).toBe(false)
  })

  it('rejects tables that are not square or have bad entries', () => {
    expect(rule(() => parseCayleyTable('[[0,1],[1]]', 'json'))).toMatch(/not square/)
    expect(rule(() => parseCayleyTable('[[0,1],[1,2]]', 'json'))).toMatch(/entries must be integers in 0\.\.1/)
    expect(rule(() => parseCayleyTable('[[0,1],[1,0.5]]', 'json'))).toMatch(/entries must be integers/)
    expect(rule(() => parseCayleyTable('0,1\n1,x', 'csv'))).toMatch(/entries must be integers/)
    expect(rule(() => parseCayleyTable('{"rows": []}', 'json'))).toMatch(/table/)
    expect(rule(() => parseCayleyTable('[[0,', 'json'))).toMatch(/not valid JSON/)
  })

  it('names a missing identity', () => {
    // left-zero semigroup a∘b = a: associative, no identity
    expect(rule(() => parseCayleyTable('[[0,0,0],[1,1,1],[2,2,2]]', 'json'))).toMatch(/^no identity/)
  })

  it('names a missing inverse with the element', () => {
    // {1, 0} under multiplication (index 0 = 1, index 1 = 0): a monoid where 0 has no inverse
    expect(rule(() => parseCayleyTable('[[0,1],[1,1]]', 'json'))).toBe('no inverse: no b with a∘b = b∘a = e for a=1 (e=0)')
    expect(rule(() => parseCayleyTable(JSON.stringify({ table: [[1, 2], [2, 2]], index_base: 1 }), 'json'))).toMatch(/for a=2 \(e=1\)/)
  })

  it('names non-associativity with a witness (a, b, c) that breaks it', () => {
    // a Latin square with identity 0 in which every element is its own inverse, but not a group (a loop of order 5)
    const loop = [[0, 1, 2, 3, 4], [1, 0, 3, 4, 2], [2, 4, 0, 1, 3], [3, 2, 4, 0, 1], [4, 3, 1, 2, 0]]
    const msg = rule(() => parseCayleyTable(JSON.stringify(loop), 'json'))
    const m = /^not associative: \(a∘b\)∘c ≠ a∘\(b∘c\) for a=(\d+), b=(\d+), c=(\d+)$/.exec(msg)
    expect(m).not.toBeNull()
    const [a, b, c] = [Number(m![1]), Number(m![2]), Number(m![3])]
    expect(loop[loop[a][b]][c]).not.toBe(loop[a][loop[b][c]])
  })
})
